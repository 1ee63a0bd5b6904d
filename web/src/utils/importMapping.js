// The column mapping of the Excel import wizard: which spreadsheet column
// (0-based index) feeds which task field.

/** Excel column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index) {
  let n = Number(index);
  if (!(n >= 0)) return '';
  let s = '';
  n += 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** {field_key: column index | null} for every field, from the server's suggestion. */
export function initialMapping(preview) {
  const out = {};
  const suggested = (preview && preview.suggested_mapping) || {};
  const width = (preview && preview.headers && preview.headers.length) || 0;
  for (const f of (preview && preview.fields) || []) {
    const col = suggested[f.key];
    out[f.key] = Number.isInteger(col) && col >= 0 && col < width ? col : null;
  }
  return out;
}

/** Required fields that have no column. */
export function missingRequired(fields, mapping) {
  return (fields || []).filter((f) => f.required && (mapping[f.key] === null || mapping[f.key] === undefined));
}

/** Column indexes chosen for more than one field. */
export function duplicateColumns(mapping) {
  const seen = new Map();
  for (const col of Object.values(mapping || {})) {
    if (col === null || col === undefined) continue;
    seen.set(col, (seen.get(col) || 0) + 1);
  }
  return [...seen.entries()].filter(([, n]) => n > 1).map(([col]) => col);
}

/** The mapping as sent to the server: only mapped fields. */
export function mappingForServer(mapping) {
  const out = {};
  for (const [k, v] of Object.entries(mapping || {})) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
