import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// The C++ server serves web/dist itself (`lantian serve --web-root web/dist`),
// so production URLs are root-relative and assets live under /assets/ with
// content hashes (safe to cache forever). In development Vite serves the app
// and forwards the API to a locally running server.
const backend = process.env.LANTIAN_BACKEND || 'http://127.0.0.1:8080';

// Element Plus and the libraries it brings.
const UI_MODULES =
  /node_modules[\\/](element-plus|@element-plus|@floating-ui|lodash-es|lodash-unified|@vueuse|async-validator|dayjs|@ctrl|memoize-one|normalize-wheel-es|@sxzz|@popperjs)[\\/]/;
// Its heavy components, each a chunk of its own for the routes that use it.
const HEAVY_UI = /element-plus[\\/]es[\\/]components[\\/](table|date-picker|time-picker|time-select|tree)/;

const FRAME =
  /web[\\/]src[\\/](layouts[\\/][^/\\]*\.vue|components[\\/]common[\\/](LanguageSwitch|WorkflowStatusTag)\.vue|components[\\/]tasks[\\/](TaskStatusTag|DeadlineCell)\.vue)|plugin-vue:export-helper/;

// Text files worth compressing; images and fonts are compressed already.
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest|ico)$/;

// Writes foo.js.gz and foo.js.br beside every compressible file of the build,
// at maximum compression (it runs once per build, not per request). The
// server (src/http/static_files.cpp) loads them as variants of foo.js and
// picks one by the request's Accept-Encoding. A variant that does not save
// at least 5 % is not written: identity is then as good.
function precompress() {
  let outDir;
  return {
    name: 'lantian-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir.startsWith('/') ? config.build.outDir : join(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) {
            walk(path);
            continue;
          }
          if (!COMPRESSIBLE.test(name)) continue;
          const raw = readFileSync(path);
          const variants = {
            gz: gzipSync(raw, { level: zlib.Z_BEST_COMPRESSION }),
            br: brotliCompressSync(raw, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
                [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
                [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
              },
            }),
          };
          for (const [ext, bytes] of Object.entries(variants))
            if (bytes.length < raw.length * 0.95) writeFileSync(`${path}.${ext}`, bytes);
        }
      };
      walk(outDir);
    },
  };
}

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: each component a template uses (and v-loading)
    // is imported, with its CSS, by the file that uses it, so the login page
    // does not carry the table, tree and date picker of other routes.
    // ElMessage/ElMessageBox are imported explicitly in the code; their CSS
    // comes from main.js.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: false,
      // Only our own components folder would be scanned for local names;
      // the app imports its own components explicitly.
      dirs: [],
    }),
    precompress(),
  ],
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    // ECharts (one lazy chunk, only for the charts) is the largest piece.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Fewer, larger chunks: on a slow mobile link each request costs a
        // round trip (150 ms and more) and a browser opens only six
        // connections, so the default split into 60+ small chunks made a cold
        // page slower than its bytes. Groups, by priority: the framework (every
        // page needs it); Element Plus' common parts; its heavy components
        // (table, date pickers, tree) each alone, loaded only by the routes
        // that use them; our own small shared modules. ECharts stays a lazy
        // chunk of its own.
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/, priority: 5 },
            // Common parts first, so that what the heavy components share with
            // the rest is not captured (and loaded at start) with them.
            { name: 'ui', test: (id) => UI_MODULES.test(id) && !HEAVY_UI.test(id), priority: 4 },
            { name: 'ui-table', test: /element-plus[\\/]es[\\/]components[\\/]table/, priority: 3 },
            { name: 'ui-date', test: /element-plus[\\/]es[\\/]components[\\/](date-picker|time-picker|time-select)/, priority: 3 },
            { name: 'ui-tree', test: /element-plus[\\/]es[\\/]components[\\/]tree/, priority: 3 },
            // (not utils/echarts.js: that one loads ECharts, for the charts only;
            // nor the supervision problems' own api/problems.js, stores/problemRules.js
            // and utils/problems.js: only the problem pages use them, which load them;
            // nor the air module's api/aq.js, utils/airQuality.js and utils/airAlerts.js
            // (the dashboard, the alert console, the spot checks), likewise)
            // With them, the frame of every page after login (layout, header,
            // menu, language switch) and the status and deadline cells most lists
            // show: in the first wave of requests, not in a second one after the
            // scripts run (a cold 我的任务 on the slow link waited ~400 ms for them).
            {
              name: 'app',
              test: (id) => (/web[\\/]src[\\/](api|utils|composables|stores)[\\/]/.test(id) && !/echarts|[\\/](problem|aq\.|air)/i.test(id)) || FRAME.test(id),
              priority: 2,
            },
          ],
        },
      },
    },
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
    // Vitest keeps a core for itself (one worker on a 2-core machine): two
    // workers took the suite from 295 s to 196 s here.
    maxWorkers: 2,
  },
});
