// What the map (一张图) draws for ledger rows, from the ledger types'
// workflow definitions: the states a status filter offers for the chosen
// layers, each marker's colour and its popup. Coordinates are the server's
// (already in the map's datum); nothing here converts them.
import { labelIn } from '../stores/workflows.js';

export const FALLBACK_COLOR = '#909399';

const stateOf = (type, status) => (type?.workflow_definition?.states || []).find((s) => s.name === status) || null;

/** A marker's colour: its state's colour in its type's workflow, else grey. */
export const markerColor = (type, status) => stateOf(type, status)?.color || FALLBACK_COLOR;

/** A state's label in its type's workflow (the code when unknown). */
export const stateLabel = (type, status, locale) => labelIn(stateOf(type, status)?.label, locale, status);

/**
 * The states of the chosen layers' workflows for a status filter, each code
 * once (in the order the types and their workflows list them), with its
 * label and colour from the first type that has it: [{value, label, color}].
 */
export function statusOptions(types, layers, locale) {
  const chosen = new Set(layers);
  const seen = new Map();
  for (const type of types) {
    if (!chosen.has(type.name)) continue;
    for (const s of type.workflow_definition?.states || []) {
      if (!seen.has(s.name)) seen.set(s.name, { value: s.name, label: labelIn(s.label, locale, s.name), color: s.color || FALLBACK_COLOR });
    }
  }
  return [...seen.values()];
}

/** Only the statuses that one of the chosen layers has (the server refuses others). */
export function validStatuses(types, layers, statuses) {
  const known = new Set(statusOptions(types, layers, 'zh-CN').map((o) => o.value));
  return (statuses || []).filter((s) => known.has(s));
}

export const escapeHtml = (s) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/**
 * A point's popup as HTML (Leaflet popups take HTML; every text is escaped):
 * the title, the type, the state in its colour, the unit, and a link to the
 * row's page (`data-row` lets the page route it without a reload).
 */
export function popupHtml(point, type, locale, linkText) {
  const color = markerColor(type, point.status);
  return [
    `<div class="map-popup" data-test="map-popup">`,
    `<div class="map-popup-title">${escapeHtml(point.title)}</div>`,
    `<div class="map-popup-type">${escapeHtml(labelIn(type?.label, locale, point.layer))}</div>`,
    `<div><span class="map-popup-state" style="color:${escapeHtml(color)};border-color:${escapeHtml(color)}" data-state="${escapeHtml(point.status)}">${escapeHtml(stateLabel(type, point.status, locale))}</span>`,
    ` <span class="map-popup-unit">${escapeHtml(point.unit)}</span></div>`,
    `<a href="/ledger-rows/${encodeURIComponent(point.id)}" data-row="${escapeHtml(point.id)}" class="map-popup-link" data-test="map-popup-link">${escapeHtml(linkText)}</a>`,
    `</div>`,
  ].join('');
}
