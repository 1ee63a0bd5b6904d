// What the map (一张图) draws, from the layers the server describes (GET
// /api/v1/map/config `layers`: [{name, kind: ledger | enterprises |
// inspections, label, statuses: [{code, label, color}]}], only those the
// reader may see): the states a status filter offers for the chosen layers,
// each marker's colour, its popup and the page it opens. Coordinates are the
// server's (already in the map's datum); nothing here converts them.
import { labelIn } from '../stores/workflows.js';

export const FALLBACK_COLOR = '#909399';

const statusOf = (layer, code) => (layer?.statuses || []).find((s) => s.code === code) || null;

/** A layer by name among the server's layers, or null. */
export const layerNamed = (layers, name) => (layers || []).find((l) => l.name === name) || null;

/** A marker's colour: its status's colour in its layer, else grey. */
export const markerColor = (layer, status) => statusOf(layer, status)?.color || FALLBACK_COLOR;

/** A status's label in its layer (the code when unknown). */
export const stateLabel = (layer, status, locale) => labelIn(statusOf(layer, status)?.label, locale, status);

/**
 * The statuses of the chosen layers for a status filter, each code once (in
 * the order the layers list them), with its label and colour from the first
 * layer that has it: [{value, label, color}].
 */
export function statusOptions(layers, chosen, locale) {
  const picked = new Set(chosen);
  const seen = new Map();
  for (const layer of layers || []) {
    if (!picked.has(layer.name)) continue;
    for (const s of layer.statuses || []) {
      if (!seen.has(s.code)) seen.set(s.code, { value: s.code, label: labelIn(s.label, locale, s.code), color: s.color || FALLBACK_COLOR });
    }
  }
  return [...seen.values()];
}

/** Only the statuses that one of the chosen layers has (the server refuses others). */
export function validStatuses(layers, chosen, statuses) {
  const known = new Set(statusOptions(layers, chosen, 'zh-CN').map((o) => o.value));
  return (statuses || []).filter((s) => known.has(s));
}

// The page a point opens, by its layer's kind: a ledger row, an
// enterprise's file (一企一档), an inspection record, a supervision problem.
const PAGES = {
  ledger: { route: 'ledger-row', path: '/ledger-rows/' },
  enterprises: { route: 'enterprise', path: '/enterprises/' },
  inspections: { route: 'inspection', path: '/inspections/' },
  problems: { route: 'problem', path: '/problems/' },
};
/** The route of a point's page ({name, params}), or null for a kind the app does not know. */
export function pointRoute(layer, id) {
  const page = PAGES[layer?.kind];
  return page ? { name: page.route, params: { id: String(id) } } : null;
}

export const escapeHtml = (s) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/**
 * A point's popup as HTML (Leaflet popups take HTML; every text is escaped):
 * the title, the layer, the status in its colour, the unit, and a link to
 * the point's page (`data-route` and `data-id` let the page route it
 * without a reload).
 */
export function popupHtml(point, layer, locale, linkText) {
  const color = markerColor(layer, point.status);
  const page = PAGES[layer?.kind];
  return [
    `<div class="map-popup" data-test="map-popup">`,
    `<div class="map-popup-title">${escapeHtml(point.title)}</div>`,
    `<div class="map-popup-type">${escapeHtml(labelIn(layer?.label, locale, point.layer))}</div>`,
    `<div><span class="map-popup-state" style="color:${escapeHtml(color)};border-color:${escapeHtml(color)}" data-state="${escapeHtml(point.status)}">${escapeHtml(stateLabel(layer, point.status, locale))}</span>`,
    ` <span class="map-popup-unit">${escapeHtml(point.unit)}</span></div>`,
    page
      ? `<a href="${page.path}${encodeURIComponent(point.id)}" data-route="${page.route}" data-id="${escapeHtml(point.id)}" class="map-popup-link" data-test="map-popup-link">${escapeHtml(linkText)}</a>`
      : '',
    `</div>`,
  ].join('');
}
