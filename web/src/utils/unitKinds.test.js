import { describe, expect, it } from 'vitest';
import { childKindsOf, isValidDivisionCode } from './unitKinds.js';

describe('unit kinds', () => {
  it('offers villages, communities and grids under a township', () => {
    expect(childKindsOf('township')).toEqual(['village', 'community', 'grid']);
  });
  it('offers only grids under a village and nothing under a grid', () => {
    expect(childKindsOf('village')).toEqual(['grid']);
    expect(childKindsOf('grid')).toEqual([]);
  });
  it('accepts 6, 9 or 12 digit division codes only', () => {
    expect(isValidDivisionCode('110101')).toBe(true);
    expect(isValidDivisionCode('110101001')).toBe(true);
    expect(isValidDivisionCode('110101001001')).toBe(true);
    for (const bad of ['', '12345', '1234567', '11010100100', '1101010010011', '11010a', ' 110101']) {
      expect(isValidDivisionCode(bad)).toBe(false);
    }
  });
});
