// Colours the server names ('#rrggbb', e.g. a workflow state's colour) turned
// into the light tag style Element Plus uses for its own tag types: the
// colour as text, a pale tint of it as background and border.

/** '#409eff' or '#49f' → {r, g, b}; null for anything else. */
export function parseHex(hex) {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(hex || '').trim());
  if (!m) return null;
  let h = m[1];
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  return { r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16) };
}

const hex2 = (n) => Math.round(n).toString(16).padStart(2, '0');

/** The colour mixed with white: amount 0 → the colour, 1 → white. '' for a bad colour. */
export function tint(hex, amount) {
  const c = parseHex(hex);
  if (!c) return '';
  const mix = (v) => v + (255 - v) * amount;
  return `#${hex2(mix(c.r))}${hex2(mix(c.g))}${hex2(mix(c.b))}`;
}

/** Inline style of a light tag in `hex`; {} when the colour is unknown. */
export function tagStyle(hex) {
  const c = parseHex(hex);
  if (!c) return {};
  const color = `#${hex2(c.r)}${hex2(c.g)}${hex2(c.b)}`;
  return { color, backgroundColor: tint(color, 0.9), borderColor: tint(color, 0.8) };
}

/**
 * The colour darkened until text in it reads on white (a pale state colour
 * such as #c0c4cc would make a button look disabled); '' for a bad colour.
 */
export function readable(hex) {
  const c = parseHex(hex);
  if (!c) return '';
  const luminance = (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255;
  const k = luminance > 0.7 ? 0.6 / luminance : 1;
  return `#${hex2(c.r * k)}${hex2(c.g * k)}${hex2(c.b * k)}`;
}
