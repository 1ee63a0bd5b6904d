// Client-side mirrors of the server's field rules (src/core/text.cpp,
// src/app/*_service.cpp), so mistakes show up before the round trip. The
// server stays the authority and its messages are shown per field too.

// Mobile: 11 digits starting with 1. Landline: 0 + 2–3 digit area code, dash,
// 7–8 digits, optional dash + extension of up to 6 digits.
export function isValidPhone(value) {
  const s = String(value ?? '');
  return /^1\d{10}$/.test(s) || /^0\d{2,3}-\d{7,8}(-\d{1,6})?$/.test(s);
}

// Lower-case letter first, then lower-case letters, digits, '.', '_' or '-'.
export function isValidUsername(value) {
  return /^[a-z][a-z0-9._-]{2,31}$/.test(String(value ?? ''));
}

// An Element Plus rule for an optional phone field.
export function phoneRule(t) {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      const s = String(value ?? '').trim();
      callback(s === '' || isValidPhone(s) ? undefined : new Error(t('validation.phone')));
    },
  };
}

export const LIMITS = { unitName: 60, personName: 40, title: 40, position: 40, contacts: 20 };
