// Leaders' journeys against the demo campaign as of 2017-12-20: the
// district leader (`viewer`) lands on the start page (工作台) and sees the
// campaign's progress by work area and overdue work by owner unit with the
// API's numbers; a count opens the overdue board filtered to that unit with
// as many rows. The 南郊乡 leader on a 375×812 phone sees the township's
// numbers and a 待验收 row that opens the task with its accept button. The
// inspector lands on 今日督查 and reads the overdue board. The admin opens the holiday calendar
// (2017: 中秋节、国庆节 off 10-01..10-08, Saturday 09-30 worked) and the
// audit log filtered to tasks, with Chinese field labels and unit names, and
// once in English.
//
// Run: node --test tests/browser/leaders.test.mjs   (after npm run build in
// web/ and a server build; LANTIAN_BIN overrides the server binary).
// Screenshots: tests/artifacts/browser/leaders-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, launchBrowser, openAs, screenshot, startServer } from './support.mjs';
import { percentOf } from '../../web/src/utils/tasks.js';

const AS_OF = '2017-12-20T09:00:00+08:00';
const NEW_PASSWORD = 'Leaders#2017ok';
const shot = (page, name) => screenshot(page, `leaders-${name}.png`, { fullPage: true });

describe('leaders, inspector and admin screens on the demo campaign', () => {
  let server;
  let base;
  let browser;
  let accounts;
  let campaignId;

  const api = (user, urlPath) => accounts.get(user, urlPath);
  // A browser page, logged in as user, that records uncaught errors, console
  // errors and failed requests.
  const open = (user, { phone = false, locale = 'zh-CN' } = {}) => openAs(browser, base, user, accounts.passwords[user], { phone, locale });
  const noSidewaysScroll = async (page, where) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${where}: page is ${overflow}px wider than the screen`);
  };
  // The overdue-by-unit panel as shown: [{unitId, name, count}].
  async function shownOverdue(page) {
    const rows = page.locator('[data-test="dash-overdue-row"]');
    const out = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      out.push({
        unitId: Number(await row.getAttribute('data-unit-id')),
        name: (await row.locator('[data-test="dash-overdue-unit"]').innerText()).trim(),
        count: Number((await row.locator('[data-test="dash-overdue-count"]').innerText()).match(/\d+/)[0]),
      });
    }
    return out;
  }
  const apiOverdue = (board) =>
    board.items.map((r) => ({ unitId: r.owner_unit_id, name: r.owner_unit_name, count: r.count }));

  before(async () => {
    server = await startServer({ name: 'leaders', clockStart: AS_OF });
    base = server.base;
    accounts = demoAccounts(server, NEW_PASSWORD);
    for (const user of ['admin', 'viewer', 'leader', 'inspector']) await accounts.prepare(user);
    const campaigns = await api('viewer', '/api/v1/campaigns');
    campaignId = (campaigns.items.find((c) => c.status === 'active') || campaigns.items[0]).id;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it('the district leader lands on the start page with the API numbers; a count opens the filtered overdue board', async () => {
    const { context, page, problems } = await open('viewer');
    try {
      await page.waitForURL(/\/dashboard/);
      // Progress by area: the numbers behind the chart equal the campaign overview's.
      await page.locator('[data-test="dash-areas"] [data-test="bar-chart"] canvas').waitFor();
      await page.locator('[data-test="dash-areas-toggle"]').click();
      const overview = await api('viewer', `/api/v1/campaigns/${campaignId}`);
      const expectedAreas = overview.work_areas.filter((a) => a.task_count > 0);
      const areaRows = page.locator('[data-test="dash-area-row"]');
      await areaRows.first().waitFor();
      assert.equal(await areaRows.count(), expectedAreas.length);
      for (const a of expectedAreas) {
        const row = page.locator(`[data-test="dash-area-row"][data-area="${a.code}"]`);
        assert.equal((await row.locator('[data-test="dash-area-progress"]').innerText()).trim(), `${percentOf(a.progress)}%`, a.name);
        assert.match(await row.innerText(), new RegExp(`\\b${a.overdue_count}\\b`));
      }
      // Overdue by unit, district-wide: the server's counts, in its order.
      await page.locator('[data-test="dash-overdue-row"]').first().waitFor();
      const board = await api('viewer', `/api/v1/tasks/overdue-by-unit?campaign_id=${campaignId}`);
      assert.ok(board.total >= 5, `demo has overdue work: ${JSON.stringify(board)}`);
      assert.deepEqual(await shownOverdue(page), apiOverdue(board));
      assert.match(await page.locator('[data-test="dash-overdue-total"]').innerText(), new RegExp(`${board.total}`));
      // A read-only leader accepts nothing: no 待验收 queue.
      assert.equal(await page.locator('[data-test="dash-awaiting"]').count(), 0);
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'viewer-dashboard');

      // The biggest count opens the overdue board of that unit: as many rows.
      const top = board.items[0];
      const list = await api('viewer', `/api/v1/tasks?overdue=true&campaign_id=${campaignId}&owner_unit_id=${top.owner_unit_id}&per_page=1`);
      assert.equal(list.total, top.count);
      await page.locator(`[data-test="dash-overdue-row"][data-unit-id="${top.owner_unit_id}"] [data-test="dash-overdue-count"]`).click();
      await page.waitForURL((url) => url.pathname === '/overdue' && url.searchParams.get('owner_unit_id') === String(top.owner_unit_id));
      const rows = page.locator('[data-test="overdue-table"] .el-table__body-wrapper tr.el-table__row');
      await rows.first().waitFor();
      await page.waitForTimeout(300);
      assert.equal(await rows.count(), top.count);
      for (let i = 0; i < top.count; i++) assert.match(await rows.nth(i).innerText(), new RegExp(top.owner_unit_name));
      await shot(page, 'viewer-overdue-unit');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('the township leader on a phone sees the township numbers and a 待验收 row that opens the task', async () => {
    const { context, page, problems } = await open('leader', { phone: true });
    try {
      await page.waitForURL(/\/dashboard/);
      await page.locator('[data-test="dash-overdue-row"]').first().waitFor();
      const board = await api('leader', `/api/v1/tasks/overdue-by-unit?campaign_id=${campaignId}`);
      const district = await api('viewer', `/api/v1/tasks/overdue-by-unit?campaign_id=${campaignId}`);
      assert.ok(board.total > 0 && board.total < district.total, `township ${board.total}, district ${district.total}`);
      assert.deepEqual(await shownOverdue(page), apiOverdue(board));
      // The queue: exactly the server's, with 南郊村's clean-heating work.
      const queue = await api('leader', `/api/v1/tasks?awaiting_acceptance=true&campaign_id=${campaignId}&sort=deadline&per_page=10`);
      assert.ok(queue.total >= 1, 'the demo has work awaiting the township');
      const shownIds = await page.locator('[data-test="dash-awaiting-row"]').evaluateAll((els) => els.map((e) => Number(e.dataset.taskId)));
      assert.deepEqual(shownIds, queue.items.map((x) => x.id));
      const village = queue.items.find((x) => x.owner_unit_name === '南郊村');
      assert.ok(village, `no 南郊村 task in ${JSON.stringify(queue.items.map((x) => x.title))}`);
      await noSidewaysScroll(page, 'leader dashboard');
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'leader-phone-dashboard');

      await page.locator(`[data-test="dash-awaiting-row"][data-task-id="${village.id}"] a`).click();
      await page.waitForURL(new RegExp(`/tasks/${village.id}$`));
      await page.locator('[data-test="task-action-accept"]').waitFor();
      assert.equal(await page.locator('[data-test="task-action-return"]').count(), 1);
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'leader-phone-task');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('the inspector lands on 今日督查 and reads the overdue board', async () => {
    const { context, page, problems } = await open('inspector');
    try {
      // The inspector's start page (issue 12): today's field work.
      await page.waitForURL(/\/inspector$/);
      await page.locator('[data-test="inspector-today"]').waitFor();
      await page.goto(new URL('/overdue', page.url()).href);
      await page.waitForURL(/\/overdue/);
      const rows = page.locator('[data-test="overdue-table"] .el-table__body-wrapper tr.el-table__row');
      await rows.first().waitFor();
      const list = await api('inspector', `/api/v1/tasks?overdue=true&campaign_id=${campaignId}&per_page=1`);
      await page.waitForTimeout(300);
      assert.equal(await rows.count(), list.total);
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'inspector-overdue');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('the admin sees the 2017 holidays and the audit log of tasks in words, in Chinese and English', async () => {
    const { context, page, problems } = await open('admin');
    try {
      // ---- holiday calendar: 2017's 中秋节、国庆节 ----
      await page.locator('[data-test="nav-calendar"]').click();
      await page.waitForURL(/\/calendar/);
      await page.locator('[data-test="calendar-years"] [data-year="2017"]').click();
      await page.waitForURL(/year=2017/);
      const table = page.locator('[data-test="calendar-days"]');
      const row = (day) => table.locator('tr.el-table__row', { hasText: day });
      await row('2017-09-30').waitFor();
      assert.match(await row('2017-09-30').innerText(), /六[\s\S]*班[\s\S]*中秋节、国庆节/);
      for (const d of ['01', '02', '03', '04', '05', '06', '07', '08'])
        assert.match(await row(`2017-10-${d}`).innerText(), /休[\s\S]*中秋节、国庆节/, `2017-10-${d}`);
      const year = await api('admin', '/api/v1/calendar/2017');
      assert.equal(await table.locator('.el-table__body-wrapper tr.el-table__row').count(), year.days.length);
      const block = page.locator('[data-test="calendar-blocks"] .block', { hasText: '中秋节、国庆节' });
      assert.match(await block.innerText(), /2017-10-01 至 2017-10-08 放假，共 8 天/);
      assert.match(await block.innerText(), /09-30（六）/);
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'admin-calendar-2017');

      // Add a day off, change it, remove it: the server's year follows.
      await page.locator('[data-test="calendar-add"]').click();
      const dialog = page.locator('[data-test="calendar-day-dialog"]');
      const date = dialog.locator('.el-date-editor input');
      await date.fill('2017-12-25');
      await date.press('Enter');
      await dialog.locator('input[data-test="calendar-day-holiday"]').fill('测试假日');
      await dialog.locator('[data-test="calendar-day-save"]').click();
      await row('2017-12-25').waitFor();
      assert.match(await row('2017-12-25').innerText(), /休[\s\S]*测试假日/);
      assert.ok((await api('admin', '/api/v1/calendar/2017')).days.some((d) => d.day === '2017-12-25' && d.kind === 'off'));
      await row('2017-12-25').locator('[data-test="calendar-edit"]').click();
      await dialog.locator('[data-test="calendar-day-kind"] label', { hasText: '调休上班' }).click();
      await dialog.locator('[data-test="calendar-day-save"]').click();
      await row('2017-12-25').locator('.el-tag', { hasText: '班' }).waitFor();
      await row('2017-12-25').locator('[data-test="calendar-delete"]').click();
      await page.locator('.el-message-box__btns .el-button--primary').click();
      await row('2017-12-25').waitFor({ state: 'detached' });
      assert.ok(!(await api('admin', '/api/v1/calendar/2017')).days.some((d) => d.day === '2017-12-25'));

      // ---- audit log, tasks only ----
      await page.locator('[data-test="nav-audit"]').click();
      await page.waitForURL(/\/audit/);
      await page.locator('[data-test="audit-category"]').click();
      const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('category=task'));
      await page.locator('.el-select-dropdown__item:visible', { hasText: /^任务$/ }).click();
      await filtered;
      const entries = await api('admin', '/api/v1/audit?category=task&per_page=20');
      // The newest change to a task itself (a progress report counted from a
      // ledger is logged under its task too, without the task's fields).
      const at = entries.items.findIndex((e) => (e.after || e.before)?.title);
      const first = entries.items[at];
      assert.equal(first.entity, 'task');
      const record = first.after || first.before;
      const auditRows = page.locator('[data-test="audit-table"] .el-table__body-wrapper tr.el-table__row');
      await page.waitForTimeout(300);
      assert.equal(await auditRows.count(), entries.items.length);
      assert.match(await auditRows.nth(at).innerText(), new RegExp(record.title.replace(/[()（）]/g, '.')));
      await auditRows.nth(at).locator('.el-table__expand-icon').click();
      const diff = page.locator('[data-test="audit-diff"]').first();
      await diff.waitFor();
      if ((await diff.locator('[data-test="audit-show-all"]').count()) > 0) await diff.locator('[data-test="audit-show-all"]').click();
      const owner = diff.locator('tr[data-field="owner_unit_id"]');
      assert.match(await owner.innerText(), new RegExp(`责任单位[\\s\\S]*${record.owner_unit_name}`));
      assert.doesNotMatch(await owner.innerText(), new RegExp(`\\b${record.owner_unit_id}\\b`));
      assert.match(await diff.locator('tr[data-field="status"]').innerText(), /状态/);
      assert.equal(await diff.locator('tr[data-field="owner_unit_name"]').count(), 0);
      assert.doesNotMatch(await diff.innerText(), /owner_unit_id|"status"/);
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'admin-audit-tasks');

      // ---- once in English ----
      await page.locator('[data-test="language-switch"]').click();
      await page.locator('[data-test="language-en"]').click();
      await diff.locator('tr[data-field="owner_unit_id"]', { hasText: 'Owner unit' }).waitFor();
      assert.match(await owner.innerText(), new RegExp(`Owner unit[\\s\\S]*${record.owner_unit_name}`));
      assert.match(await page.locator('[data-test="audit-category"]').innerText(), /Tasks/);
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'admin-audit-tasks-en');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
