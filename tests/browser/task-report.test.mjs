// End-to-end check of progress reporting (填报) on a phone: the office sets up
// a campaign and a task for 南郊乡 through the API; the township's staff user
// logs in on a 375×812 screen (changing the initial password if forced to),
// opens the task from "my tasks", reports a cumulative quantity with a
// narrative and a photo, and sees the new progress and the photo on the task.
//
// Run: node --test tests/browser/task-report.test.mjs   (after `npm ci &&
// npm run build` in web/ and a server build; LANTIAN_BIN overrides the server
// binary, LANTIAN_CHROMIUM the browser). Screenshots go to
// tests/artifacts/browser/task-report-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, PHONE, apiClient, apiLogin, launchBrowser, loginAs, makePng, screenshot, startServer, unitFinder } from './support.mjs';

const STAFF_PASSWORD = 'Nanjiao#2026ok';
const shot = screenshot;

// Beijing's calendar day, n days from now.
function shanghaiDay(offsetDays = 0) {
  const d = new Date(Date.now() + 8 * 3600 * 1000 + offsetDays * 86400 * 1000);
  return d.toISOString().slice(0, 10);
}

describe('progress report from a phone', () => {
  let server;
  let base;
  let browser;
  let staffInitialPassword;
  let taskId;
  let api;

  before(async () => {
    server = await startServer({ name: 'report' });
    base = server.base;
    staffInitialPassword = server.password('staff');

    // The office's part, through the API: a campaign and a task for 南郊乡.
    api = apiClient(base, (await apiLogin(base, 'admin', ADMIN_PASSWORD)).token);
    const unitOf = await unitFinder(api);
    const campaign = await api('POST', '/api/v1/campaigns', {
      name: '秋冬季大气污染综合治理攻坚行动（测试）',
      start_date: shanghaiDay(-30),
      end_date: shanghaiDay(120),
      status: 'active',
      jurisdiction_unit_id: unitOf((u) => u.kind === 'district_government', 'district government'),
      office_unit_id: unitOf((u) => u.kind === 'campaign_office', '区攻坚办'),
    });
    const area = campaign.work_areas.find((a) => a.code === 'clean_heating');
    const task = await api('POST', '/api/v1/tasks', {
      campaign_id: campaign.id,
      work_area_id: area ? area.id : null,
      code: '3-1',
      title: '完成散煤清洁取暖“双替代”改造（浏览器测试）',
      owner_unit_id: unitOf((u) => u.name === '南郊乡', '南郊乡'),
      deadline: shanghaiDay(40),
      target_value: 100,
      measure_unit: '户',
      milestones: [{ title: '完成摸底排查', deadline: shanghaiDay(10) }],
    });
    taskId = task.id;

    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it('reports a quantity with a photo from a 375px phone and shows it on the task', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    const noSidewaysScroll = async (where) => {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${where}: page is ${overflow}px wider than the phone screen`);
    };
    try {
      // First login. Where the server asks for it (newer demo databases do),
      // the initial password is replaced on the forced change page.
      await loginAs(page, base, 'staff', staffInitialPassword, { newPassword: STAFF_PASSWORD });

      // My tasks → my unit's tasks: the township's task, with a 填报 button.
      await page.goto(`${base}/my-tasks?tab=unit`);
      const card = page.locator('[data-test="my-task-card"]', { hasText: '浏览器测试' });
      await card.waitFor();
      await noSidewaysScroll('my tasks');
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'task-report-my-tasks.png');
      await card.locator('[data-test="my-task-report"]').click();
      await page.waitForURL(new RegExp(`/tasks/${taskId}/report$`));

      // The form: quantity (the task has a target and no subtasks), narrative, photo.
      const hint = page.locator('[data-test="report-target-hint"]');
      await hint.waitFor();
      assert.match(await hint.innerText(), /目标 100 户/);
      await page.locator('[data-test="report-achieved"] input').fill('35');
      await page.locator('textarea[data-test="report-narrative"]').fill('本周完成南郊村 35 户“双替代”改造，已通电试运行。');
      await page.locator('input[data-test="report-files-input"]').setInputFiles({
        name: '现场照片.png',
        mimeType: 'image/png',
        buffer: makePng(),
      });
      await page.locator('[data-test="report-file-item"]', { hasText: '现场照片.png' }).waitFor();
      await noSidewaysScroll('report form');
      // Touch targets: the submit button and the photo buttons are finger-sized.
      const submitBox = await page.locator('[data-test="report-submit"]').boundingBox();
      assert.ok(submitBox.height >= 44, `submit button only ${submitBox.height}px high`);
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'task-report-form.png');
      await page.locator('[data-test="report-submit"]').scrollIntoViewIfNeeded();
      await shot(page, 'task-report-form-bottom.png');

      const uploaded = page.waitForResponse((r) => /\/api\/v1\/reports\/\d+\/attachments/.test(r.url()));
      await page.locator('[data-test="report-submit"]').click();
      assert.equal((await uploaded).status(), 201);

      // Back on the task: new progress, the report and its photo.
      await page.waitForURL(new RegExp(`/tasks/${taskId}$`));
      const quantity = page.locator('[data-test="task-quantity"]');
      await quantity.waitFor();
      assert.equal((await quantity.innerText()).trim(), '35 / 100 户');
      assert.match(await page.locator('[data-test="task-progress"]').innerText(), /35%/);
      assert.match(await page.locator('[data-test="task-status"]').first().innerText(), /推进中/);
      await noSidewaysScroll('task detail');
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'task-report-task.png');

      const report = page.locator('[data-test="report-item"]').first();
      await report.scrollIntoViewIfNeeded();
      assert.match(await report.innerText(), /已通电试运行/);
      assert.match(await report.innerText(), /累计 35 户/);
      const thumb = report.locator('[data-test="report-thumb"] img');
      await thumb.waitFor();
      await page.waitForFunction(
        (el) => el.complete && el.naturalWidth === 32,
        await thumb.elementHandle(),
        { timeout: 10000 },
      );
      await page.waitForTimeout(300);
      await shot(page, 'task-report-task-photo.png');

      // The server agrees.
      const reports = await api('GET', `/api/v1/tasks/${taskId}/reports`);
      assert.equal(reports.items.length, 1);
      assert.equal(reports.items[0].achieved_value, 35);
      assert.equal(reports.items[0].attachments.length, 1);
      assert.equal(reports.items[0].attachments[0].content_type, 'image/png');
      assert.equal(reports.items[0].attachments[0].filename, '现场照片.png');
      const task = await api('GET', `/api/v1/tasks/${taskId}`);
      assert.equal(task.status, 'in_progress');
      assert.ok(Math.abs(task.progress - 0.35) < 1e-9, `progress ${task.progress}`);

      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
