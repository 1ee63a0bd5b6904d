// A task's workflow on the demo campaign as of 2017-12-20, as the web app
// shows it from the server's definition (GET /api/v1/workflows/task) and the
// task's allowed actions: the 南郊乡 leader opens a task of 南郊村 awaiting
// acceptance, returns it with a reason (the note the definition requires),
// and sees the status, the reason and the history timeline (who, when,
// from → to, note) change; the same page in English shows the server's
// English labels.
//
// Run: node --test tests/browser/workflow-history.test.mjs   (after npm run
// build in web/ and a server build; LANTIAN_BIN overrides the server binary).
// Screenshots: tests/artifacts/browser/workflow-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, ARTIFACTS, BIN, CHROMIUM, CHROMIUM_ARGS, WEB_ROOT, chromium, freePort, waitForHealth } from './support.mjs';

const AS_OF = '2017-12-20T09:00:00+08:00';
const NEW_PASSWORD = 'Workflow#2017ok';
const NOTE = '台账照片不全，请补充入户核查照片';
const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, `workflow-${name}.png`), fullPage: true });

describe('task workflow: actions, status and history from the server', () => {
  let tmp;
  let server;
  let serverLog = '';
  let base;
  let browser;
  const initial = {};
  const passwords = { admin: ADMIN_PASSWORD };
  const tokens = {};
  let campaignId;
  let definition;

  async function api(user, urlPath) {
    const res = await fetch(`${base}${urlPath}`, { headers: { authorization: `Bearer ${tokens[user]}` } });
    const text = await res.text();
    assert.ok(res.ok, `GET ${urlPath} as ${user} answered ${res.status}: ${text}`);
    return JSON.parse(text);
  }
  async function login(user, password) {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password }),
    });
    assert.equal(res.status, 200, `login ${user}: ${await res.clone().text()}`);
    return res.json();
  }
  async function prepare(user) {
    let password = passwords[user] || initial[user];
    assert.ok(password, `no demo login for ${user}`);
    let session = await login(user, password);
    if (session.user.must_change_password) {
      const res = await fetch(`${base}/api/v1/auth/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ current_password: password, new_password: NEW_PASSWORD }),
      });
      assert.equal(res.status, 204, await res.text());
      password = NEW_PASSWORD;
      session = await login(user, password);
    }
    passwords[user] = password;
    tokens[user] = session.token;
    return session.user;
  }

  async function open(user, { locale = 'zh-CN' } = {}) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale });
    // The app's language choice (i18n/index.js keeps it in localStorage).
    await context.addInitScript((l) => window.localStorage.setItem('lantian.locale', l), locale);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    await page.goto(`${base}/login`);
    await page.locator('input[data-test="username"]').fill(user);
    await page.locator('input[data-test="password"]').fill(passwords[user]);
    await page.locator('[data-test="login-submit"]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.waitForLoadState('networkidle');
    problems.length = 0;
    return { context, page, problems };
  }
  const stateLabel = (name, locale = 'zh-CN') => definition.states.find((s) => s.name === name).label[locale];
  const actionLabel = (name, locale = 'zh-CN') => definition.actions.find((a) => a.name === name).label[locale];

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found at ${BIN} (set LANTIAN_BIN)`);
    assert.ok(fs.existsSync(path.join(WEB_ROOT, 'index.html')), `no web build at ${WEB_ROOT}: run npm run build in web/`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lantian-workflow-'));
    const db = path.join(tmp, 't.db');
    const init = spawnSync(BIN, ['init', '--demo', '--db', db, '--admin-password', ADMIN_PASSWORD], { encoding: 'utf8', timeout: 120000 });
    assert.equal(init.status, 0, `lantian init failed:\n${init.stdout}\n${init.stderr}`);
    for (const line of init.stdout.split('\n')) {
      const m = /^\s+(\w+)\s+(\S+)\s+(\w+)\s/.exec(line);
      if (m) initial[m[1]] = m[2];
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web-root', WEB_ROOT, '--clock-start', AS_OF], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout.on('data', (d) => (serverLog += d));
    server.stderr.on('data', (d) => (serverLog += d));
    try {
      await waitForHealth(base, server);
    } catch (err) {
      throw new Error(`${err.message}\n--- server output ---\n${serverLog}`);
    }
    await prepare('leader');
    const campaigns = await api('leader', '/api/v1/campaigns');
    campaignId = (campaigns.items.find((c) => c.status === 'active') || campaigns.items[0]).id;
    definition = await api('leader', '/api/v1/workflows/task');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the township leader returns a task with a reason; status, reason and history follow, in Chinese and English', async () => {
    const queue = await api('leader', `/api/v1/tasks?awaiting_acceptance=true&campaign_id=${campaignId}&sort=deadline&per_page=20`);
    const task = queue.items.find((x) => x.owner_unit_name === '南郊村') || queue.items[0];
    assert.ok(task, 'the demo has work awaiting the township');
    assert.ok(task.actions.includes('return'), `actions of ${task.title}: ${task.actions}`);
    const before = (await api('leader', `/api/v1/tasks/${task.id}/events`)).items;

    const { context, page, problems } = await open('leader');
    try {
      await page.goto(`${base}/tasks/${task.id}`);
      await page.locator('[data-test="task-action-return"]').waitFor();
      assert.equal((await page.locator('[data-test="task-action-return"]').innerText()).trim(), actionLabel('return'));
      assert.equal((await page.locator('[data-test="task-status"]').first().innerText()).trim(), stateLabel(task.status));
      // Only what the server allows: no 撤销验收 or 开始推进 here.
      for (const a of ['reopen', 'start', 'resume']) assert.equal(await page.locator(`[data-test="task-action-${a}"]`).count(), 0, a);

      // 退回整改 requires a reason: the prompt refuses an empty one.
      await page.locator('[data-test="task-action-return"]').click();
      const box = page.locator('.el-message-box');
      await box.waitFor();
      await box.locator('.el-message-box__btns .el-button--primary').click();
      await box.locator('.el-message-box__errormsg').waitFor();
      await box.locator('textarea').fill(NOTE);
      const done = page.waitForResponse((r) => r.url().endsWith(`/api/v1/tasks/${task.id}/actions/return`));
      await box.locator('.el-message-box__btns .el-button--primary').click();
      assert.ok((await done).ok(), 'the return was refused');
      await box.waitFor({ state: 'hidden' });

      const returned = stateLabel('returned');
      await page.locator('[data-test="task-status"]', { hasText: returned }).first().waitFor();
      assert.match(await page.locator('[data-test="task-state-note"]').innerText(), new RegExp(`${returned}.*${NOTE}`));
      const events = page.locator('[data-test="task-history"] [data-test="workflow-event"]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-test="task-history"] [data-test="workflow-event"]').length === n, before.length + 1);
      const last = events.last();
      assert.equal(await last.locator('[data-test="workflow-event-action"]').innerText(), actionLabel('return'));
      assert.equal(await last.locator('[data-test="workflow-event-note"]').innerText(), NOTE);
      const states = await last.locator('[data-test="workflow-status"]').allInnerTexts();
      assert.deepEqual(states.map((s) => s.trim()), [stateLabel(task.status), returned]);
      const server = (await api('leader', `/api/v1/tasks/${task.id}/events`)).items.at(-1);
      assert.equal(await last.locator('[data-test="workflow-event-actor"]').innerText(), server.actor.name);
      // The leader may no longer accept or return it.
      assert.equal(await page.locator('[data-test="task-action-accept"]').count(), 0);
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'task-zh');
      // The page scrolls inside the layout: the history on its own.
      await page.locator('[data-test="task-history"]').scrollIntoViewIfNeeded();
      await page.locator('[data-test="task-history"]').screenshot({ path: path.join(ARTIFACTS, 'workflow-task-history-zh.png') });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }

    const en = await open('leader', { locale: 'en' });
    try {
      await en.page.goto(`${base}/tasks/${task.id}`);
      await en.page.locator('[data-test="task-history"] [data-test="workflow-event"]').last().waitFor();
      assert.equal((await en.page.locator('[data-test="task-status"]').first().innerText()).trim(), stateLabel('returned', 'en'));
      const last = en.page.locator('[data-test="task-history"] [data-test="workflow-event"]').last();
      assert.equal(await last.locator('[data-test="workflow-event-action"]').innerText(), actionLabel('return', 'en'));
      await en.page.evaluate(() => document.fonts.ready);
      await shot(en.page, 'task-en');
      await en.page.locator('[data-test="task-history"]').scrollIntoViewIfNeeded();
      await en.page.locator('[data-test="task-history"]').screenshot({ path: path.join(ARTIFACTS, 'workflow-task-history-en.png') });
      assert.deepEqual(en.problems, []);
    } finally {
      await en.context.close();
    }
  });
});
