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
import path from 'node:path';
import { ARTIFACTS, demoAccounts, launchBrowser, openAs, screenshot, startServer } from './support.mjs';

const AS_OF = '2017-12-20T09:00:00+08:00';
const NEW_PASSWORD = 'Workflow#2017ok';
const NOTE = '台账照片不全，请补充入户核查照片';
const shot = (page, name) => screenshot(page, `workflow-${name}.png`, { fullPage: true });

describe('task workflow: actions, status and history from the server', () => {
  let server;
  let base;
  let browser;
  let accounts;
  let campaignId;
  let definition;

  const api = (user, urlPath) => accounts.get(user, urlPath);
  const open = (user, { locale = 'zh-CN' } = {}) => openAs(browser, base, user, accounts.passwords[user], { locale, storeLocale: true });
  const stateLabel = (name, locale = 'zh-CN') => definition.states.find((s) => s.name === name).label[locale];
  const actionLabel = (name, locale = 'zh-CN') => definition.actions.find((a) => a.name === name).label[locale];

  before(async () => {
    server = await startServer({ name: 'workflow', clockStart: AS_OF });
    base = server.base;
    accounts = demoAccounts(server, NEW_PASSWORD);
    await accounts.prepare('leader');
    const campaigns = await api('leader', '/api/v1/campaigns');
    campaignId = (campaigns.items.find((c) => c.status === 'active') || campaigns.items[0]).id;
    definition = await api('leader', '/api/v1/workflows/task');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
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
