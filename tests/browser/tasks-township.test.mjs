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
import { apiClient, apiLogin, launchBrowser, loginAs, screenshot, startServer, watchProblems } from './support.mjs';

const NEW_PASSWORD = 'Township#2026ok';
const shot = async (page, name) => {
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, `tasks-township-${name}.png`, { fullPage: true });
};

describe('campaign tasks for a township and the office', () => {
  let server;
  let base;
  let browser;
  let campaignId;
  const passwords = {};

  const apiAs = (token, method, urlPath, body) => apiClient(base, token)(method, urlPath, body);
  const tokenOf = async (username) => (await apiLogin(base, username, passwords[username] || server.password(username))).token;

  // A page that records what must not happen: script errors, console errors
  // and failed requests.
  async function openPage(viewport = { width: 1366, height: 900 }) {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems = watchProblems(page, { requestFailed: true });
    return { context, page, problems };
  }

  async function login(page, username) {
    passwords[username] = await loginAs(page, base, username, passwords[username] || server.password(username), {
      newPassword: NEW_PASSWORD,
    });
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
    server = await startServer({
      name: 'township',
      initClockStart: '2017-09-29T09:00:00+08:00',
      clockStart: '2017-12-20T09:00:00+08:00',
    });
    base = server.base;
    server.password('leader');
    server.password('office');
    const admin = await tokenOf('admin');
    const campaigns = await apiAs(admin, 'GET', '/api/v1/campaigns');
    assert.ok(campaigns.items.length > 0, 'the demo has no campaign');
    campaignId = campaigns.items[0].id;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
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
