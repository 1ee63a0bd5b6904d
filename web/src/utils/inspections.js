// Field inspections (检查) as the API takes and gives them (POST/GET
// /api/v1/inspections): the results an item may have, the request built
// from the phone's form, and the files of a record sorted for display.
// Nothing here judges an answer: the server's field errors do
// ("items[<code>]", "items[<code>].note", ...).
import { labelIn } from '../stores/workflows.js';

export const RESULTS = ['pass', 'fail', 'not_applicable'];
// Element Plus tag types by result (the record's own result is pass or fail).
export const RESULT_TAGS = { pass: 'success', fail: 'danger', not_applicable: 'info' };

/** A fresh client_key for a form: crypto.randomUUID, or a v4 UUID from getRandomValues where that is missing (plain http). */
export function newClientKey(c = globalThis.crypto) {
  if (c?.randomUUID) return c.randomUUID();
  const b = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An answer per item of `checklist`, those in `answers` kept: {code: {result, note, open_problem}}. */
export function answersFor(checklist, answers = {}) {
  const out = {};
  for (const item of checklist?.items || []) {
    const a = answers[item.code] || {};
    out[item.code] = { result: a.result || '', note: a.note || '', open_problem: Boolean(a.open_problem) };
  }
  return out;
}

/**
 * The POST body from the form's model {checklist, answers, person_met, note,
 * location}: the items answered (the server names those that are not), a
 * note trimmed, open_problem only for a failed item; the location as the
 * phone gave it.
 */
export function inspectionPayload(model, { ledgerRowId, enterpriseId, clientKey }) {
  const items = Object.entries(model.answers || {})
    .filter(([, a]) => a.result)
    .map(([code, a]) => ({ code, result: a.result, note: (a.note || '').trim(), open_problem: a.result === 'fail' && Boolean(a.open_problem) }));
  const body = { checklist: model.checklist, client_key: clientKey, items };
  if (enterpriseId) body.enterprise_id = enterpriseId;
  else body.ledger_row_id = ledgerRowId;
  const person = (model.person_met || '').trim();
  const note = (model.note || '').trim();
  if (person) body.person_met = person;
  if (note) body.note = note;
  const loc = model.location;
  if (loc && Number.isFinite(loc.lng) && Number.isFinite(loc.lat)) body.location = { lng: loc.lng, lat: loc.lat, datum: loc.datum || 'wgs84' };
  return body;
}

/** How many items are answered, of how many. */
export function answered(answers) {
  const all = Object.values(answers || {});
  return { done: all.filter((a) => a.result).length, total: all.length };
}

/** An item's label in its checklist (the code when the checklist does not name it). */
export function itemLabel(checklist, code, locale) {
  const item = (checklist?.items || []).find((i) => i.code === code);
  return item ? labelIn(item.label, locale, code) : code;
}

/** A record's items in their checklist's order (those it does not name last). */
export function inOrder(checklist, items) {
  const order = new Map((checklist?.items || []).map((i, n) => [i.code, n]));
  const at = (i) => (order.has(i.code) ? order.get(i.code) : order.size);
  return [...items].sort((a, b) => at(a) - at(b));
}

/** A record's files: {photos (and any documents), signature (the latest, or null)}. */
export function inspectionFiles(files = []) {
  const signatures = files.filter((f) => f.kind === 'signature');
  return {
    photos: files.filter((f) => f.kind !== 'signature'),
    signature: signatures.length ? signatures[signatures.length - 1] : null,
  };
}

/** A data: URL (a drawn signature) as a File to upload. */
export function dataUrlFile(dataUrl, name) {
  const [head, body] = String(dataUrl).split(',');
  const type = (/^data:([^;,]+)/.exec(head) || [])[1] || 'application/octet-stream';
  const bin = atob(body || '');
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new File([bytes], name, { type });
}
