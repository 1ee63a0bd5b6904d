// The English texts (messages and server error codes), loaded only when a
// user reads in English (i18n/index.js loadLocale): the first screen of the
// Chinese app, its users' language, does not download them (tests/browser/
// weight.test.mjs measures that screen on a slow link).
import en from './en.js';
import enErrors from './errors/en.json';

export default { ...en, errorCodes: enErrors };
