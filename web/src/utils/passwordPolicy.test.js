import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './passwordPolicy.js';

describe('password policy', () => {
  it('accepts 8+ characters with three classes', () => {
    expect(checkPasswordPolicy('Adm1n!pass2026')).toBeNull();
    expect(checkPasswordPolicy('abcdEF12')).toBeNull(); // lower, upper, digit
    expect(checkPasswordPolicy('abcdef1!')).toBeNull(); // lower, digit, symbol
    expect(checkPasswordPolicy('ABCDEF1!')).toBeNull(); // upper, digit, symbol
  });

  it('rejects short passwords', () => {
    expect(checkPasswordPolicy('Ab1!xyz')).toBe('tooShort');
    expect(checkPasswordPolicy('')).toBe('tooShort');
  });

  it('rejects passwords with only two classes', () => {
    expect(checkPasswordPolicy('abcdefgh12')).toBe('tooFewClasses');
    expect(checkPasswordPolicy('ABCDEFGHij')).toBe('tooFewClasses');
    expect(checkPasswordPolicy('12345678!!')).toBe('tooFewClasses');
  });

  it('counts characters, not bytes, for the minimum, and non-ASCII as a symbol', () => {
    // 7 characters even though Chinese takes 3 bytes each.
    expect(checkPasswordPolicy('蓝天Ab1xy')).toBe('tooShort');
    expect(checkPasswordPolicy('蓝天蓝天ab12')).toBeNull(); // symbol (CJK) + lower + digit
  });

  it('rejects more than 128 bytes', () => {
    expect(checkPasswordPolicy('Aa1!' + 'x'.repeat(125))).toBe('tooLong');
    expect(checkPasswordPolicy('Aa1!' + 'x'.repeat(124))).toBeNull();
  });

  it('rejects the username as password', () => {
    expect(checkPasswordPolicy('Zhang.San1', 'Zhang.San1')).toBe('sameAsUsername');
  });
});
