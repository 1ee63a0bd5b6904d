// jsdom lacks a few browser APIs that Element Plus and our layout touch.
import { vi } from 'vitest';

if (!window.matchMedia) {
  // Desktop by default; a test can override window.matchMedia for phone width.
  window.matchMedia = vi.fn((query) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  }));
}

if (!window.ResizeObserver) {
  window.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// async-validator logs every failed rule to the console; failing rules are
// exactly what several tests provoke, so keep the output readable.
globalThis.ASYNC_VALIDATOR_NO_WARNING = 1;
