// Whether this browser can draw on a <canvas>. ECharts draws there; without a
// 2D context (jsdom in the component tests, locked-down or very old browsers)
// init() still succeeds and its first animation frame then throws, so the
// charts check first and leave the numbers to the cards and tables.
let supported = null;
export function canvasSupported() {
  if (supported === null) {
    try {
      supported = !!document.createElement('canvas').getContext('2d');
    } catch {
      supported = false;
    }
  }
  return supported;
}
