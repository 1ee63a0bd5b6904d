import { afterEach, describe, expect, it, vi } from 'vitest';

describe('canvasSupported', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('is false without a 2D context (jsdom), so the charts do not start ECharts', async () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    const { canvasSupported } = await import('./canvas.js');
    expect(canvasSupported()).toBe(false);
  });

  it('is true where a canvas draws, asking the browser once', async () => {
    const getContext = vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({});
    const { canvasSupported } = await import('./canvas.js');
    expect(canvasSupported()).toBe(true);
    expect(canvasSupported()).toBe(true);
    expect(getContext).toHaveBeenCalledTimes(1);
  });
});
