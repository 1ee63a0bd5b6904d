// Mirrors src/core/password_policy.cpp so the user learns about a weak
// password before the round trip; the server stays the authority.
// Classes are counted per byte there, so any non-ASCII character counts as a
// symbol here as well.

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_BYTES = 128;

export function passwordClasses(password) {
  const s = String(password || '');
  return {
    lower: /[a-z]/.test(s),
    upper: /[A-Z]/.test(s),
    digit: /[0-9]/.test(s),
    symbol: /[^a-zA-Z0-9]/.test(s),
  };
}

/**
 * Returns null when acceptable, else a reason key for i18n:
 * 'tooShort' | 'tooLong' | 'tooFewClasses' | 'sameAsUsername'.
 */
export function checkPasswordPolicy(password, username = '') {
  const s = String(password || '');
  // Length in characters (code points), like utf8_length on the server.
  if ([...s].length < MIN_PASSWORD_LENGTH) return 'tooShort';
  if (new TextEncoder().encode(s).length > MAX_PASSWORD_BYTES) return 'tooLong';
  const c = passwordClasses(s);
  if (Number(c.lower) + Number(c.upper) + Number(c.digit) + Number(c.symbol) < 3) return 'tooFewClasses';
  if (username && s === username) return 'sameAsUsername';
  return null;
}
