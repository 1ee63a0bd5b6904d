import { describe, expect, it } from 'vitest';
import { isValidPhone, isValidUsername } from './fieldRules.js';

describe('field rules mirrored from the server', () => {
  it('accepts mobile and landline numbers', () => {
    for (const ok of ['13800138000', '0371-12345678', '010-1234567', '0371-2345678-123']) expect(isValidPhone(ok)).toBe(true);
  });
  it('rejects other phone formats', () => {
    for (const bad of ['1380013800', '23800138000', '0371-1234', '037112345678', '371-12345678', '0371-12345678-1234567', '+8613800138000'])
      expect(isValidPhone(bad)).toBe(false);
  });
  it('accepts lower-case usernames starting with a letter', () => {
    expect(isValidUsername('wang.wu')).toBe(true);
    expect(isValidUsername('a_1-b')).toBe(true);
    for (const bad of ['Wang', '1abc', 'ab', 'a'.repeat(33), '王五', 'wang wu']) expect(isValidUsername(bad)).toBe(false);
  });
});
