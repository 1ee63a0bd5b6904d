// Campaign tasks as a township and the office meet them (issue 8, points 1, 2,
// 5, 6), on the demo database as of 2017-12-20:
//  - the 南郊乡 leader opens 任务清单 and sees its own highest tasks (the same
//    number as the API's `top=true`), opens one whose parent belongs to the
//    district and sees the path above as plain breadcrumbs — with no console
//    errors and no failed requests (the parent is never requested);
//  - the office creates a task under a work area and a subtask under it with
//    the new dialogs, and sees the 序号 ("n" and "n.1") in the tree;
//  - a report on the subtask moves the parent from 未开始 to 推进中.
//
// Run: node --test tests/browser/tasks-township.test.mjs   (after `npm run
// build` in web/ and a server build; LANTIAN_BIN overrides the server binary).
// Screenshots: tests/artifacts/browser/tasks-township-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, ARTIFACTS, BIN, CHROMIUM, CHROMIUM_ARGS, WEB_ROOT, chromium, freePort, waitForHealth } from './support.mjs';

const NEW_PASSWORD = 'Township#2026ok';
const shot = async (page, name) => {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(ARTIFACTS, `tasks-township-${name}.png`), fullPage: true });
};

describe('campaign tasks for a township and the office', () => {
  let tmp;
  let server;
  let serverLog = '';
  let base;
  let browser;
  let campaignId;
  const initial = {};
  const passwords = {};

  async function apiAs(token, method, urlPath, body) {
    const res = await fetch(`${base}${urlPath}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${urlPath} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  }
  async function tokenOf(username) {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: passwords[username] || initial[username] }),
    });
    const text = await res.text();
    assert.equal(res.status, 200, `login ${username}: ${text}`);
    return JSON.parse(text).token;
  }

  // A page that records what must not happen: script errors, console errors
  // and failed requests.
  async function openPage(viewport = { width: 1366, height: 900 }) {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
    });
    page.on('requestfailed', (req) => problems.push(`failed: ${req.method()} ${req.url()} ${req.failure()?.errorText}`));
    return { context, page, problems };
  }

  async function login(page, username) {
    await page.goto(`${base}/login`);
    await page.locator('input[data-test="username"]').fill(username);
    await page.locator('input[data-test="password"]').fill(passwords[username] || initial[username]);
    await page.locator('[data-test="login-submit"]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    if (new URL(page.url()).pathname.startsWith('/change-password')) {
      await page.locator('input[data-test="cp-current"]').fill(initial[username]);
      await page.locator('input[data-test="cp-new"]').fill(NEW_PASSWORD);
      await page.locator('input[data-test="cp-confirm"]').fill(NEW_PASSWORD);
      await page.locator('[data-test="cp-submit"]').click();
      await page.waitForURL((url) => !/\/(login|change-password)/.test(url.pathname));
      passwords[username] = NEW_PASSWORD;
    }
    // Let the start page finish loading: a goto while its requests are in
    // flight aborts them (requestfailed), which is the test's doing.
    await page.waitForLoadState('networkidle');
  }

  async function pickUnit(page, pickerSelector, name) {
    await page.locator(pickerSelector).click();
    await page.keyboard.type(name);
    const option = page.locator('.el-tree-node__content:visible', { hasText: name }).first();
    try {
      await option.waitFor({ timeout: 5000 });
    } catch (err) {
      await shot(page, 'debug-picker');
      throw err;
    }
    await option.click();
  }

  before(async () => {
    assert.ok(fs.existsSync(BIN), `server binary not found at ${BIN} (set LANTIAN_BIN)`);
    assert.ok(fs.existsSync(path.join(WEB_ROOT, 'index.html')), `no web build at ${WEB_ROOT}: run npm run build in web/`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lantian-township-'));
    const db = path.join(tmp, 't.db');
    const init = spawnSync(
      BIN,
      ['init', '--demo', '--db', db, '--admin-password', ADMIN_PASSWORD, '--clock-start', '2017-09-29T09:00:00+08:00'],
      { encoding: 'utf8', timeout: 120000 },
    );
    assert.equal(init.status, 0, `lantian init failed:\n${init.stdout}\n${init.stderr}`);
    for (const l of init.stdout.split('\n')) {
      const m = /^\s+(\S+)\s+(\S+)\s+\S+/.exec(l);
      if (m) initial[m[1]] = m[2];
    }
    assert.ok(initial.leader && initial.office, `no leader/office login in:\n${init.stdout}`);
    initial.admin = ADMIN_PASSWORD;

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(
      BIN,
      ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web-root', WEB_ROOT, '--clock-start', '2017-12-20T09:00:00+08:00'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout.on('data', (d) => (serverLog += d));
    server.stderr.on('data', (d) => (serverLog += d));
    try {
      await waitForHealth(base, server);
    } catch (err) {
      throw new Error(`${err.message}\n--- server output ---\n${serverLog}`);
    }
    const admin = await tokenOf('admin');
    const campaigns = await apiAs(admin, 'GET', '/api/v1/campaigns');
    assert.ok(campaigns.items.length > 0, 'the demo has no campaign');
    campaignId = campaigns.items[0].id;
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

  it('the township leader sees its own tasks and the path above them', async () => {
    const { context, page, problems } = await openPage();
    try {
      await login(page, 'leader');
      problems.length = 0; // the login page's session probe (401) is deliberate
      const token = await tokenOf('leader');
      const top = await apiAs(token, 'GET', `/api/v1/tasks?campaign_id=${campaignId}&top=true&per_page=100`);
      assert.ok(top.total > 0, 'the township has no task in the demo campaign');
      assert.ok(top.total <= 100, 'more rows than one page');

      await page.goto(`${base}/campaigns/${campaignId}/tasks`);
      await page.locator('[data-test="task-link"]').first().waitFor();
      const rows = await page.locator('[data-test="task-link"]').count();
      assert.equal(rows, top.total, `tree rows ${rows} vs API total ${top.total}`);
      // 序号 of the township's tasks are shown (subtasks of district tasks: "x.y").
      const firstCode = top.items.find((t) => t.code)?.code;
      if (firstCode) assert.ok((await page.locator('[data-test="task-tree-table"]').innerText()).includes(firstCode));
      // No create button for the township.
      assert.equal(await page.locator('[data-test="tasks-create"]').count(), 0);
      await shot(page, 'leader-tree');

      // A task whose parent is the district's: breadcrumbs, parent not requested.
      const child = top.items.find((t) => t.parent_id !== null);
      assert.ok(child, 'no township task under a district task');
      const parentRequests = [];
      page.on('request', (r) => {
        if (new RegExp(`/api/v1/tasks/${child.parent_id}(\\?|$)`).test(r.url())) parentRequests.push(r.url());
      });
      await page.locator('[data-test="task-link"]', { hasText: child.title }).first().click();
      await page.waitForURL(new RegExp(`/tasks/${child.id}$`));
      const crumbs = page.locator('[data-test="task-breadcrumbs"]');
      await crumbs.waitFor();
      const plain = page.locator('[data-test="task-crumb-plain"]');
      assert.ok((await plain.count()) >= 1, 'no read-only breadcrumb');
      const detail = await apiAs(token, 'GET', `/api/v1/tasks/${child.id}`);
      const above = detail.ancestors.at(-1);
      assert.equal(above.id, child.parent_id);
      assert.equal(above.may_open, false);
      assert.ok((await crumbs.innerText()).includes(above.title));
      await page.waitForLoadState('networkidle');
      assert.deepEqual(parentRequests, [], 'the out-of-scope parent was requested');
      await shot(page, 'leader-breadcrumbs');

      // 我的任务 opens on a tab with work.
      await page.goto(`${base}/my-tasks`);
      await page.waitForURL(/tab=/);
      const summary = await apiAs(token, 'GET', '/api/v1/tasks/my-summary');
      assert.ok(summary.counts.mine + summary.counts.unit > 0);
      assert.equal(new URL(page.url()).searchParams.get('tab'), summary.default_tab);
      await page.locator('[data-test="my-tasks-table"] .el-table__row').first().waitFor();
      await shot(page, 'leader-my-tasks');

      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('the office creates a task in a work area and a subtask, numbered, and the parent follows the child', async () => {
    const { context, page, problems } = await openPage();
    try {
      await login(page, 'office');
      problems.length = 0; // the login page's session probe (401) is deliberate
      await page.goto(`${base}/campaigns/${campaignId}`);
      const card = page.locator('[data-test="work-area-card"]').first();
      await card.waitFor();
      // The card's counts link to lists with the same totals (spot check: tasks).
      await card.locator('[data-test="work-area-new-task"]').click();
      const dialog = page.locator('[data-test="task-create-dialog"]');
      await dialog.waitFor();
      await dialog.locator('input[data-test="task-create-title"]').fill('浏览器新建顶层任务');
      await pickUnit(page, '[data-test="task-create-dialog"] [data-test="task-create-owner"]', '区环境保护局');
      const deadline = dialog.locator('.el-date-editor input').first(); // the dialog's only date
      await deadline.click();
      await deadline.fill('2018-02-28');
      await deadline.press('Enter');
      await shot(page, 'office-create-dialog');
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/tasks') && r.request().method() === 'POST');
      await dialog.locator('[data-test="task-create-save"]').click();
      const createdRes = await created;
      const top = JSON.parse(await createdRes.text());
      assert.equal(createdRes.status(), 201, JSON.stringify(top));
      assert.ok(/^\d+(\.\d+)*$/.test(top.code), `top-level code ${top.code}`);
      await dialog.waitFor({ state: 'hidden' });

      // The new task's page: 新建子任务 for 南郊乡.
      await page.goto(`${base}/tasks/${top.id}`);
      await page.locator('[data-test="task-new-subtask"]').click();
      const sub = page.locator('[data-test="task-create-dialog"]');
      await sub.waitFor();
      await sub.locator('input[data-test="task-create-title"]').fill('浏览器新建子任务');
      await pickUnit(page, '[data-test="task-create-dialog"] [data-test="task-create-owner"]', '南郊乡');
      const subCreated = page.waitForResponse((r) => r.url().endsWith('/api/v1/tasks') && r.request().method() === 'POST');
      await sub.locator('[data-test="task-create-save"]').click();
      const subRes = await subCreated;
      const child = JSON.parse(await subRes.text());
      assert.equal(subRes.status(), 201, JSON.stringify(child));
      assert.equal(child.code, `${top.code}.1`);
      await sub.waitFor({ state: 'hidden' });
      await page.locator('[data-test="subtasks-table"]', { hasText: `${top.code}.1` }).waitFor();
      assert.match(await page.locator('[data-test="task-status"]').first().innerText(), /未开始/);
      await shot(page, 'office-subtask');

      // In the tree: the area's list, the new task expanded shows "n.1".
      await page.goto(`${base}/campaigns/${campaignId}/tasks?work_area_id=${top.work_area_id}`);
      const row = page.locator('[data-test="task-tree-table"] .el-table__row', { hasText: '浏览器新建顶层任务' });
      await row.waitFor();
      assert.ok((await row.innerText()).includes(top.code));
      await row.locator('[data-test="task-toggle"]').click();
      await page.locator('[data-test="task-tree-table"] .el-table__row', { hasText: '浏览器新建子任务' }).waitFor();
      assert.ok((await page.locator('[data-test="task-tree-table"]').innerText()).includes(`${top.code}.1`));
      await shot(page, 'office-tree');

      // 南郊乡 reports on the subtask: the parent moves to 推进中.
      const leader = await tokenOf('leader');
      await apiAs(leader, 'POST', `/api/v1/tasks/${child.id}/reports`, { percent: 40, narrative: '已启动摸底排查' });
      await page.goto(`${base}/tasks/${top.id}`);
      await page.locator('[data-test="task-title"]').waitFor();
      assert.match(await page.locator('[data-test="task-status"]').first().innerText(), /推进中/);
      await shot(page, 'office-parent-follows');

      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
