// Leaflet with the marker-cluster plugin, loaded by the map page only (its
// route chunk): the plugin is a UMD script that extends the global `L`, so
// Leaflet is made global first and the plugin imported after it.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';

export async function loadLeaflet() {
  if (!L.MarkerClusterGroup) {
    globalThis.L = L;
    await import('leaflet.markercluster');
  }
  return L;
}
