import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The C++ server serves web/dist itself (`lantian serve --web-root web/dist`),
// so production URLs are root-relative and assets live under /assets/ with
// content hashes (safe to cache forever). In development Vite serves the app
// and forwards the API to a locally running server.
const backend = process.env.LANTIAN_BACKEND || 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    // Element Plus and ECharts are large; the warning is noise, route-level
    // code splitting already keeps the first load reasonable.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.js', 'tests/**/*.test.js'],
    setupFiles: ['tests/setup.js'],
    css: false,
    // The first mount in a file on a cold cache transforms a lot of Element
    // Plus; on a 2-core CI machine that alone can pass the 5 s default.
    testTimeout: 30000,
    // Run as if the browser were far from Beijing, so a display that forgot
    // the fixed Asia/Shanghai zone fails the date tests.
    env: { TZ: 'America/New_York' },
    // Element Plus is shipped as ESM that imports CSS; inline it so Vitest
    // transforms it instead of handing it to Node.
    server: { deps: { inline: ['element-plus'] } },
  },
});
