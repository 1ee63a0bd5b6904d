import { describe, expect, it } from 'vitest';
import { parseHex, tagStyle, tint } from './colors.js';

describe('colours', () => {
  it('reads six- and three-digit hex colours, and nothing else', () => {
    expect(parseHex('#409EFF')).toEqual({ r: 64, g: 158, b: 255 });
    expect(parseHex('#4af')).toEqual({ r: 68, g: 170, b: 255 });
    expect(parseHex('red')).toBeNull();
    expect(parseHex('')).toBeNull();
    expect(parseHex(null)).toBeNull();
  });
  it('tints toward white', () => {
    expect(tint('#000000', 0)).toBe('#000000');
    expect(tint('#000000', 1)).toBe('#ffffff');
    expect(tint('#409eff', 0.9)).toBe('#ecf5ff');
  });
  it('gives a light tag style: the colour as text on its pale tint', () => {
    expect(tagStyle('#67C23A')).toEqual({ color: '#67c23a', backgroundColor: '#f0f9eb', borderColor: '#e1f3d8' });
    expect(tagStyle('nonsense')).toEqual({});
  });
});
