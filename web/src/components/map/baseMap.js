// A Leaflet map over the deployment's tiles (when it has them) and the
// district boundary (always), as GET /api/v1/map/config describes them: the
// problem pages' maps (the list's map mode, the location picker) draw on it.
// Coordinates in `config` are in the map's datum (config.datum); the caller
// draws its own points in that datum. Without a config (a reader without
// the map's permission) the map has neither tiles nor boundary.
export function baseMap(L, el, config, { fit = true } = {}) {
  const tiles = config?.tiles || null;
  const map = L.map(el, { zoomControl: true, attributionControl: Boolean(tiles), maxZoom: tiles?.max_zoom || 18, zoomSnap: tiles ? 1 : 0.25 });
  if (tiles) {
    L.tileLayer(tiles.url, { attribution: tiles.attribution || '', subdomains: tiles.subdomains || 'abc', maxZoom: tiles.max_zoom || 18 }).addTo(map);
  }
  let bounds = null;
  if (config?.boundary) {
    const boundary = L.geoJSON(config.boundary, { style: { color: '#1f6fd1', weight: 2, fillColor: '#1f6fd1', fillOpacity: 0.04 }, interactive: false }).addTo(map);
    bounds = boundary.getBounds();
  }
  if (fit && bounds?.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
  else if (config?.center) map.setView([config.center.lat, config.center.lng], 12);
  else map.setView([34.76, 114.36], 12);
  return map;
}

/** A round marker in `color` (the state's colour), drawn as HTML (no image files). */
export function dotIcon(L, color, { size = 18, className = 'lt-dot-marker' } = {}) {
  return L.divIcon({
    className,
    html: `<span style="background:${String(color).replace(/[^#0-9a-zA-Z(),. ]/g, '')}"></span>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
    popupAnchor: [0, -size / 2 + 1],
  });
}
