// Shared plumbing of the browser tests (not a test file itself: node --test
// only runs *.test.mjs): where the server binary, the web build and Debian's
// chromium are, the flags chromium runs with, a free port, and waiting for a
// freshly started server to answer /healthz.
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
// playwright-core lives in web/node_modules (it is a web devDependency).
const require = createRequire(new URL('../../web/package.json', import.meta.url));
export const { chromium } = require('playwright-core');

export const BIN = process.env.LANTIAN_BIN || path.join(repo, 'build', 'lantian');
export const CHROMIUM = process.env.LANTIAN_CHROMIUM || '/usr/bin/chromium';
export const WEB_ROOT = path.join(repo, 'web', 'dist');
export const ARTIFACTS = path.join(repo, 'tests', 'artifacts', 'browser');
export const ADMIN_PASSWORD = 'Adm1n!pass2026';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForHealth(base, server, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited early with code ${server.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
      lastError = new Error(`healthz answered ${res.status}`);
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy: ${lastError}`);
}
