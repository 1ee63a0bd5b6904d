// The server's problem details and field messages are English sentences
// (no machine-readable codes yet). Users work in Chinese, so the common ones
// are translated here; anything unknown is shown as the server wrote it,
// which is still better than hiding it.
const PATTERNS = [
  [/^is required$/, 'required'],
  [/^is wrong$/, 'wrongCurrentPassword'],
  [/^must be at least (\d+) characters$/, 'minChars'],
  [/^must be at most (\d+) characters$/, 'maxChars'],
  [/^must be at most (\d+) bytes$/, 'maxBytes'],
  [/^must contain at least three of/, 'passwordClasses'],
  [/^must not equal the username$/, 'passwordIsUsername'],
  [/^must differ from the current password$/, 'passwordUnchanged'],
  [/^must be a mobile number|^is not a valid phone number$/, 'phone'],
  [/^must be 6, 9 or 12 digits/, 'divisionCode'],
  [/^must not contain control characters$/, 'controlChars'],
  [/^at least one role is required$/, 'rolesRequired'],
  [/^the username is already taken$/, 'usernameTaken'],
  [/^a unit with this name already exists under the same parent$/, 'unitNameTaken'],
  [/^the parent unit is disabled$/, 'parentDisabled'],
  [/^a unit of this kind needs a parent$/, 'needsParent'],
  [/^a \S+ cannot be placed under a \S+$/, 'wrongParentKind'],
  [/^at most (\d+) contacts$/, 'maxContacts'],
  [/^wrong username or password$/, 'wrongCredentials'],
  // Older servers give a UTC instant, newer ones Beijing time with "(UTC+8)".
  [/^too many failed logins; the account is locked until (.+?)(?: \(UTC\+8\))?$/, 'lockedUntil'],
  [/^the \w+ was changed by someone else/, 'conflict'],
  [/^log in first$/, 'loginFirst'],
  [/^no such /, 'notFound'],
];

/**
 * `t` is vue-i18n's translate function; `formatTime` turns an ISO instant
 * into the display form (passed in so this module stays free of UI code).
 */
export function localizeServerMessage(t, message, formatTime = (s) => s) {
  if (!message) return message;
  for (const [re, key] of PATTERNS) {
    const m = re.exec(message);
    if (!m) continue;
    let arg = m[1];
    if (key === 'lockedUntil' && /^\d{4}-\d\d-\d\dT.*Z$/.test(arg)) arg = formatTime(arg) || arg;
    return t(`serverMessages.${key}`, { n: arg, time: arg });
  }
  return message;
}
