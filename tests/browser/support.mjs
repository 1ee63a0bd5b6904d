// Shared plumbing of the browser tests (not a test file itself: node --test
// only runs *.test.mjs): where the server binary, the web build and Debian's
// chromium are, the flags chromium runs with, a server of the test's own on a
// free port (startServer), logging a role in through the API (apiSession) or
// the login page (loginAs), recording a page's errors (watchProblems) and
// screenshots into tests/artifacts/browser (screenshot), and a real PNG to
// upload as a photo (makePng).
//
// Every helper that checks something asserts with node:assert, so a failure
// says which step went wrong (the server's output is attached when it does not
// come up).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

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
// A 375×812 phone, for browser.newContext({ ...PHONE, locale }).
export const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

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

// Debian's chromium, headless, with CHROMIUM_ARGS.
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

// A `lantian serve` of the test's own: `lantian init` (the demo unless
// demo: false) into a fresh database in a temporary folder, then the server on
// a free port with the web build, its clock starting at `clockStart` when
// given (`initClockStart` likewise for init). The admin gets ADMIN_PASSWORD
// unless adminPassword is null. Fails (asserts) when the binary or the web
// build is missing, init fails or the server does not answer /healthz.
// Returns { base, db, initial, initOutput, password(user), log(), stop() }:
// `initial` maps each login init printed to its initial password.
export async function startServer({
  name = 'browser',
  demo = true,
  adminPassword = ADMIN_PASSWORD,
  initClockStart,
  clockStart,
  initTimeout = 120000,
} = {}) {
  assert.ok(fs.existsSync(BIN), `server binary not found at ${BIN} (set LANTIAN_BIN)`);
  assert.ok(fs.existsSync(path.join(WEB_ROOT, 'index.html')), `no web build at ${WEB_ROOT}: run npm run build in web/`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `lantian-${name}-`));
  const db = path.join(tmp, 't.db');
  const initArgs = ['init', ...(demo ? ['--demo'] : []), '--db', db];
  if (adminPassword) initArgs.push('--admin-password', adminPassword);
  if (initClockStart) initArgs.push('--clock-start', initClockStart);
  const init = spawnSync(BIN, initArgs, { encoding: 'utf8', timeout: initTimeout });
  assert.equal(init.status, 0, `lantian init failed:\n${init.stdout}\n${init.stderr}`);
  // "  staff      Xii2@isj-Hc3x    unit_staff       南郊乡"
  const initial = {};
  for (const line of init.stdout.split('\n')) {
    const m = /^\s+(\w+)\s+(\S+)\s+(\w+)\s/.exec(line);
    if (m) initial[m[1]] = m[2];
  }
  if (adminPassword) initial.admin = adminPassword;

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serveArgs = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web-root', WEB_ROOT];
  if (clockStart) serveArgs.push('--clock-start', clockStart);
  const server = spawn(BIN, serveArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await waitForHealth(base, server);
  } catch (err) {
    await stop();
    throw new Error(`${err.message}\n--- server output ---\n${serverLog}`);
  }
  return {
    base,
    db,
    initial,
    initOutput: init.stdout,
    // The initial password of a login init printed; fails when it printed none.
    password(user) {
      assert.ok(initial[user], `no ${user} login in:\n${init.stdout}`);
      return initial[user];
    },
    log: () => serverLog,
    stop,
  };
}

// POST /api/v1/auth/login; fails unless it answers 200. Returns the session
// ({ token, user }).
export async function apiLogin(base, username, password) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  assert.equal(res.status, 200, `login ${username}: ${await res.clone().text()}`);
  return res.json();
}

// Logs `username` in through the API; where the server demands a new password
// first, sets `newPassword` (fails when none is given or the change is
// refused) and logs in again. Returns { password (now in force), token, user }.
export async function apiSession(base, username, password, newPassword) {
  let session = await apiLogin(base, username, password);
  if (session.user.must_change_password) {
    assert.ok(newPassword, `${username} must change the initial password`);
    const res = await fetch(`${base}/api/v1/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ current_password: password, new_password: newPassword }),
    });
    assert.equal(res.status, 204, await res.text());
    password = newPassword;
    session = await apiLogin(base, username, password);
  }
  return { password, token: session.token, user: session.user };
}

// The logins of a started server as a test uses them: prepare(user) gives
// the user a usable password and an API token (replacing the initial
// password with `newPassword` where the server demands it) and returns the
// user; get(user, path) GETs JSON with that token (fails unless 2xx).
export function demoAccounts(server, newPassword) {
  const passwords = {};
  const tokens = {};
  return {
    passwords,
    tokens,
    async prepare(user) {
      const session = await apiSession(server.base, user, passwords[user] || server.password(user), newPassword);
      passwords[user] = session.password;
      tokens[user] = session.token;
      return session.user;
    },
    async get(user, urlPath) {
      const res = await fetch(`${server.base}${urlPath}`, { headers: { authorization: `Bearer ${tokens[user]}` } });
      const text = await res.text();
      assert.ok(res.ok, `GET ${urlPath} as ${user} answered ${res.status}: ${text}`);
      return JSON.parse(text);
    },
  };
}

// A JSON API caller with a bearer token: api(method, path, body) fails unless
// the answer is 2xx and returns its JSON (null for an empty body).
export function apiClient(base, token) {
  return async (method, urlPath, body) => {
    const res = await fetch(`${base}${urlPath}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${urlPath} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

// The unit tree (GET /api/v1/units/tree through `api`, an apiClient) as
// unitOf(pred, what): the id of the first unit (depth first) for which pred
// holds; fails, naming `what`, when there is none.
export async function unitFinder(api) {
  const units = [];
  const walk = (n) => {
    units.push(n);
    (n.children || []).forEach(walk);
  };
  (await api('GET', '/api/v1/units/tree')).items.forEach(walk);
  return (pred, what) => {
    const u = units.find(pred);
    assert.ok(u, `demo unit not found: ${what}`);
    return u.id;
  };
}

// Logs in through the login page. Where the server then sends the user to
// change the initial password and `newPassword` is given, sets it there.
// Waits for the landing page's requests to settle (a goto while they are in
// flight aborts them, which would be the test's doing). Returns the password
// now in force.
export async function loginAs(page, base, username, password, { newPassword } = {}) {
  await page.goto(`${base}/login`);
  await page.locator('input[data-test="username"]').fill(username);
  await page.locator('input[data-test="password"]').fill(password);
  await page.locator('[data-test="login-submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  if (newPassword && new URL(page.url()).pathname.startsWith('/change-password')) {
    await page.locator('input[data-test="cp-current"]').fill(password);
    await page.locator('input[data-test="cp-new"]').fill(newPassword);
    await page.locator('input[data-test="cp-confirm"]').fill(newPassword);
    await page.locator('[data-test="cp-submit"]').click();
    await page.waitForURL((url) => !/\/(login|change-password)/.test(url.pathname));
    password = newPassword;
  }
  await page.waitForLoadState('networkidle');
  return password;
}

// A new browser context (a 1366×860 screen, or PHONE), its page watched
// (watchProblems) and logged in as `user` (loginAs); the problems of the
// login itself (the login page's own 401 from GET /auth/me) are cleared.
// With storeLocale the app's language choice is set to `locale` too.
export async function openAs(browser, base, user, password, { phone = false, locale = 'zh-CN', storeLocale = false } = {}) {
  const context = await browser.newContext(phone ? { ...PHONE, locale } : { viewport: { width: 1366, height: 860 }, locale });
  // The app's language choice (i18n/index.js keeps it in localStorage).
  if (storeLocale) await context.addInitScript((l) => window.localStorage.setItem('lantian.locale', l), locale);
  const page = await context.newPage();
  const problems = watchProblems(page);
  await loginAs(page, base, user, password);
  problems.length = 0;
  return { context, page, problems };
}

// Records a page's uncaught errors, console errors (but those matching
// `ignoreConsole`), answers of 400 and above (unless responses is false), and
// with requestFailed also requests that failed (not those the page cancelled
// by navigating), into the returned array
// (assert it empty at the end).
export function watchProblems(page, { requestFailed = false, responses = true, ignoreConsole } = {}) {
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !(ignoreConsole && ignoreConsole.test(msg.text()))) problems.push(`console: ${msg.text()}`);
  });
  if (requestFailed) {
    // net::ERR_ABORTED is the page itself cancelling requests still under way
    // when it navigates (a slow machine makes that likelier): not a failure.
    page.on('requestfailed', (req) => {
      const why = req.failure()?.errorText;
      if (why !== 'net::ERR_ABORTED') problems.push(`failed: ${req.method()} ${req.url()} ${why}`);
    });
  }
  if (responses) {
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
  }
  return problems;
}

// A screenshot into tests/artifacts/browser/<name>.
// Opens a map marker's popup. Leaflet drops a click that lands while the map
// is still settling after a load (a marker re-added by the cluster layer
// closes its popup), which a user answers by clicking again: so does this,
// up to three times, and fails if the popup never shows.
export async function openMarkerPopup(page, marker) {
  const popup = page.locator('[data-test="map-popup"]');
  for (let attempt = 1; ; attempt++) {
    await marker.click();
    try {
      await popup.waitFor({ timeout: 5000 });
      return popup;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

export const screenshot = (page, name, options = {}) => page.screenshot({ path: path.join(ARTIFACTS, name), ...options });

// A real width×height RGB PNG whose pixel (x, y) is colour(x, y) → [r, g, b]
// (default: blue sky over green ground), so the server's thumbnails render.
export function makePng(width = 32, height = 24, colour = (_x, y) => (y < height / 2 ? [70, 140, 230] : [60, 160, 80])) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set(colour(x, y), 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
