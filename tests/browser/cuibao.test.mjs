// 催报 and the server's today, end to end, on the demo campaign served as of
// Wednesday 2017-12-20 (--clock-start) while the browser's clock says 2026:
//  - the campaign office opens 逾期通报, ticks overdue rows and sends 一键催报
//    (one batch; a task that already has an open request is skipped and
//    said so); the due date picker starts from the server's day (default
//    2017-12-22 = two working days on) and refuses the weekend; the new
//    requests show in the 催报中 list and in a task's 催报记录, and a second
//    request on that task warns about the open one first;
//  - township staff on a 375×812 phone open the report form: 填报日期 is
//    2017-12-20 (the server's today), not the phone's 2026.
// Asserts what the user sees, no page or console errors, no failed requests.
//
// Run: LANTIAN_BIN=$PWD/build/lantian node --test tests/browser/cuibao.test.mjs
// (after npm run build in web/). Screenshots: tests/artifacts/browser/cuibao-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, PHONE, apiClient, apiLogin, launchBrowser, loginAs, screenshot, startServer, watchProblems } from './support.mjs';

const SERVER_NOW = '2017-12-20T09:00:00+08:00';
const BROWSER_NOW = new Date('2026-03-05T10:00:00+08:00');
const shot = screenshot;
// A table row whose task link reads exactly `title` (titles nest: a parent's
// title is part of its children's).
const rowOf = (table, title) =>
  table.locator('.el-table__body tr').filter({ has: table.page().getByRole('link', { name: title, exact: true }) });

describe('催报 and the server’s today', () => {
  let server;
  let base;
  let browser;
  let api;
  const passwords = {};

  // Page errors, console errors and failed or refused requests, for the end.
  const watch = (page) => watchProblems(page, { requestFailed: true });
  // Logs in through the login page, changing the initial password on the way.
  async function login(page, username, newPassword) {
    passwords[username] = await loginAs(page, base, username, passwords[username], { newPassword });
  }

  before(async () => {
    server = await startServer({ name: 'cuibao', clockStart: SERVER_NOW });
    base = server.base;
    for (const name of ['office', 'staff']) passwords[name] = server.password(name);
    const { token } = await apiLogin(base, 'admin', ADMIN_PASSWORD);
    api = apiClient(base, token);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it('the office sends 一键催报 for selected overdue rows and sees them listed and in a task’s history', async () => {
    const today = await api('GET', '/api/v1/calendar/today');
    assert.equal(today.date, '2017-12-20');
    assert.equal(today.request_due_date, '2017-12-22');
    // Overdue tasks as of 2017-12-20, and which already have an open request.
    const overdue = (await api('GET', '/api/v1/tasks?overdue=true&per_page=200')).items;
    const openBefore = (await api('GET', '/api/v1/report-requests?state=open&per_page=100')).items;
    const requested = new Set(openBefore.map((r) => r.task_id));
    const fresh = overdue.filter((x) => !requested.has(x.id)).slice(0, 2);
    assert.equal(fresh.length, 2, 'the demo has overdue tasks without a request');
    // One overdue task that already has an open request (made here if the demo has none).
    let busy = overdue.find((x) => requested.has(x.id) && !fresh.includes(x));
    if (!busy) {
      busy = overdue.find((x) => !fresh.includes(x));
      await api('POST', `/api/v1/tasks/${busy.id}/report-requests`, { due_date: '2017-12-21', message: '请尽快报送' });
    }
    const busyDue = (await api('GET', `/api/v1/report-requests?state=open&task_id=${busy.id}`)).items[0].due_date;
    const picked = [...fresh, busy];

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.clock.setFixedTime(BROWSER_NOW);
    let problems = [];
    try {
      await login(page, 'office', 'Office#2017cuibao');
      // From here on (the login page's session probe answers 401 on purpose).
      problems = watch(page);
      await page.goto(`${base}/overdue`);
      const table = page.locator('[data-test="overdue-table"]');
      await table.locator('.el-table__body tr').first().waitFor();
      assert.match(await page.locator('[data-test="overdue-select-bar"]').innerText(), /勾选逾期任务后一键催报/);
      assert.ok(await page.locator('[data-test="overdue-request"]').isDisabled());
      for (const x of picked) {
        const row = rowOf(table, x.title);
        await row.scrollIntoViewIfNeeded();
        await row.locator('.el-checkbox').click();
      }
      assert.match(await page.locator('[data-test="overdue-select-bar"]').innerText(), /已选 3 项/);
      await shot(page, 'cuibao-overdue-selected.png');

      await page.locator('[data-test="overdue-request"]').click();
      const dialog = page.locator('.el-dialog', { hasText: '一键催报（3 项任务）' });
      await dialog.waitFor();
      const due = dialog.locator('.el-date-editor input');
      // The default due date is the server's: 2017-12-20 + 2 working days.
      await page.waitForFunction((el) => el.value === '2017-12-22', await due.elementHandle());
      assert.match(await dialog.innerText(), /今天 2017-12-20/);
      // The picker shows December 2017; the weekend and the past are refused.
      await due.click();
      const panel = page.locator('.el-picker-panel').last();
      await panel.waitFor();
      assert.match(await panel.locator('.el-date-picker__header').innerText(), /2017.*12/);
      const cell = (day) => panel.locator('.el-date-table td:not(.prev-month):not(.next-month)', { hasText: new RegExp(`^\\s*${day}\\s*$`) });
      for (const day of [23, 24, 19]) assert.match(await cell(day).getAttribute('class'), /disabled/, `12-${day} should be disabled`);
      for (const day of [21, 22, 25]) assert.doesNotMatch(await cell(day).getAttribute('class'), /disabled/, `12-${day} should be offered`);
      await shot(page, 'cuibao-due-picker.png');
      await cell(23).click();
      assert.equal(await due.inputValue(), '2017-12-22', 'a Saturday cannot be picked');
      await cell(21).click();
      assert.equal(await due.inputValue(), '2017-12-21');
      await dialog.locator('textarea').fill('请于周四前报送整改进展及现场照片');
      const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/report-requests') && r.request().method() === 'POST');
      await dialog.locator('[data-test="report-request-save"]').click();
      const answer = await (await sent).json();
      assert.equal(answer.created, 2);
      assert.equal(answer.skipped, 1);
      const outcome = dialog.locator('[data-test="report-request-outcome"]');
      await outcome.waitFor();
      assert.match(await outcome.innerText(), /已催报 2 项，跳过 1 项/);
      const skipped = await dialog.locator('[data-test="report-request-skipped"]').innerText();
      assert.ok(skipped.includes(busy.title), skipped);
      assert.ok(skipped.includes(`已有未完成的催报（${busyDue} 前报送）`), skipped);
      await shot(page, 'cuibao-batch-outcome.png');
      await dialog.locator('[data-test="report-request-done"]').click();
      await dialog.waitFor({ state: 'hidden' });

      // 催报中: the open requests, the two new ones among them.
      const openTotal = (await api('GET', '/api/v1/report-requests?state=open&per_page=1')).total;
      await page.locator('.el-tabs__item', { hasText: '催报中' }).click();
      assert.match(await page.locator('.el-tabs__item', { hasText: '催报中' }).innerText(), new RegExp(`（${openTotal}）`));
      const openTable = page.locator('[data-test="open-requests-table"]');
      for (const x of fresh) {
        const row = rowOf(openTable, x.title);
        await row.waitFor();
        assert.match(await row.innerText(), /2017-12-21/);
        assert.match(await row.innerText(), /待填报/);
      }
      await shot(page, 'cuibao-open-requests.png');

      // The task's 催报记录, and a second request warns first.
      await openTable.getByRole('link', { name: fresh[0].title, exact: true }).click();
      await page.waitForURL(new RegExp(`/tasks/${fresh[0].id}$`));
      const history = page.locator('[data-test="report-request-history"]');
      await history.locator('.el-table__body tr').first().waitFor();
      const historyText = await history.innerText();
      assert.match(historyText, /催报记录（1）/);
      assert.match(historyText, /2017-12-21/);
      assert.match(historyText, /待填报/);
      assert.match(historyText, /请于周四前报送整改进展及现场照片/);
      await history.scrollIntoViewIfNeeded();
      await shot(page, 'cuibao-task-history.png');
      await page.locator('button', { hasText: /^\s*催报\s*$/ }).first().click();
      const single = page.locator('.el-dialog', { hasText: '催报进展' });
      await single.locator('[data-test="report-request-open"]').waitFor();
      assert.match(await single.innerText(), /该任务已有未完成的催报（.*要求 2017-12-21 前填报）/);
      assert.ok(await single.locator('[data-test="report-request-save"]').isDisabled(), 'send waits for the confirmation');
      await shot(page, 'cuibao-second-request-warning.png');
      await single.locator('[data-test="report-request-confirm"]').click();
      assert.ok(!(await single.locator('[data-test="report-request-save"]').isDisabled()));
      await single.locator('button', { hasText: '取消' }).click();

      // Nothing else was sent: still one request on the task.
      assert.equal((await api('GET', `/api/v1/report-requests?task_id=${fresh[0].id}`)).total, 1);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('the township’s report form on a phone takes 填报日期 from the server, not the phone’s 2026 clock', async () => {
    const nanjiao = (await api('GET', '/api/v1/tasks?per_page=200&status=in_progress')).items.find(
      (x) => x.owner_unit_name === '南郊乡' && x.child_count === 0,
    );
    assert.ok(nanjiao, 'an open 南郊乡 task in the demo');
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.clock.setFixedTime(BROWSER_NOW);
    let problems = [];
    try {
      await login(page, 'staff', 'Nanjiao#2017cuibao');
      problems = watch(page);
      await page.goto(`${base}/tasks/${nanjiao.id}/report`);
      await page.locator('[data-test="report-task-card"]').waitFor();
      assert.equal(await page.evaluate(() => new Date().getFullYear()), 2026, 'the phone’s clock says 2026');
      const date = page.locator('.report-form .el-date-editor input');
      await page.waitForFunction((el) => el.value !== '', await date.elementHandle());
      assert.equal(await date.inputValue(), '2017-12-20');
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'cuibao-phone-report-date.png');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the form is ${overflow}px wider than the phone`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
