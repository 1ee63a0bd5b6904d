import { api } from './client.js';

// The map (一张图): {datum, tiles: {url, attribution, subdomains, max_zoom} |
// null, boundary: GeoJSON FeatureCollection, center: {lng, lat}}, all in the
// datum the map draws in (the server converts; the browser never does).
export const getMapConfig = () => api.get('/api/v1/map/config');
// The located rows of the ledger types in `layers` (array), optionally only
// in `statuses`: {items: [{id, layer, title, status, unit, lng, lat}], truncated}.
export const listMapPoints = (layers, statuses) =>
  api.get('/api/v1/map/points', { layers: layers.join(','), status: statuses?.length ? statuses.join(',') : undefined });
