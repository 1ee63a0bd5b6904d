// The heavy-pollution alert console (重污染天气预警) as the web app renders it
// from the server's answers, on the demo as of 2017-12-20 09:00:
// (a) the campaign office opens 空气质量 → 重污染天气预警, a CSV with mistakes
//     is refused with its line:column errors, the office enters a three-day
//     forecast above 200 (230, 260, 240) and sees the standard's decision:
//     yellow (>200 on ≥2 days) in its colour, the episode and its days, the
//     suggestion to issue; issues the alert with a document note, upgrades
//     it to orange and sees the history (yellow → orange) and the cuts per
//     level; the CAP message and the Atom feed answer;
// (b) a leader sees the alert in force read-only (no buttons, no forecast
//     editor) and its own page;
// (c) on a 375×812 phone the console is one column and nothing is wider than
//     the phone; the alert's spot-check list (the sources on the emergency
//     reduction list, pending) with its counts, and 现场抽查 opening the phone
//     inspection form with ?checklist=emergency_measures.
//
// Run: node --test tests/browser/alerts.test.mjs   (after npm run build in
// web/ and a server build; LANTIAN_BIN overrides the server binary).
// Screenshots: tests/artifacts/browser/alerts-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PHONE, demoAccounts, launchBrowser, loginAs, openAs, screenshot, startServer, watchProblems } from './support.mjs';

const AS_OF = '2017-12-20T09:00:00+08:00';
const NEW_PASSWORD = 'AlertConsole#2017';
const shot = (page, name, full = true) => screenshot(page, `alerts-${name}.png`, { fullPage: full });
const rgb = (hex) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
};

describe('heavy-pollution alert console', () => {
  let server;
  let base;
  let browser;
  let accounts;
  let alertId;

  before(async () => {
    server = await startServer({ name: 'alerts', clockStart: AS_OF });
    base = server.base;
    accounts = demoAccounts(server, NEW_PASSWORD);
    for (const u of ['office', 'leader', 'inspector']) await accounts.prepare(u);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it('(a) the office enters a forecast, sees the decision, issues and upgrades the alert and sees its history', async () => {
    const standard = await accounts.get('office', '/api/v1/aq/warning-standard');
    const yellow = standard.levels.find((l) => l.code === 'yellow');
    const orange = standard.levels.find((l) => l.code === 'orange');
    // A CSV with mistakes answers 422: the console lists them, not the browser.
    const { context, page, problems } = await openAs(browser, base, 'office', accounts.passwords.office);
    const expected422 = (p) => /HTTP 422: POST .*\/aq\/forecasts\/import/.test(p);
    try {
      await page.locator('.el-menu-item', { hasText: '空气质量' }).click();
      await page.waitForURL(/\/air$/);
      await page.locator('[data-test="air-tab-alerts"]').click();
      await page.waitForURL(/\/air\/alerts$/);
      await page.locator('[data-test="alerts-today"]').getByText('2017-12-20').waitFor();
      await page.locator('[data-test="alert-decision-no-forecast"]').waitFor();
      await page.locator('[data-test="alerts-none-in-force"]').waitFor();

      // A CSV with a bad AQI and an unknown pollutant: each by line and column.
      const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alerts-csv-')), 'forecast.csv');
      fs.writeFileSync(csv, 'day,aqi,primary\n2017-12-20,abc,PM2.5\n2017-12-21,230,XX\n');
      await page.locator('input[data-test="alert-forecast-source"]').fill('市环境监测站');
      await page.locator('[data-test="alert-forecast-file"]').setInputFiles(csv);
      const csvErrors = page.locator('[data-test="alert-forecast-csv-errors"]');
      await csvErrors.waitFor();
      const csvText = await csvErrors.innerText();
      assert.match(csvText, /第 2 行第 2 列/);
      assert.match(csvText, /第 3 行第 3 列/);
      await shot(page, 'csv-errors', false);

      // Three days above 200, entered in the table.
      await page.locator('[data-test="alert-forecast-edit"]').click();
      await page.locator('[data-test="alert-forecast-add"]').click();
      await page.locator('[data-test="alert-forecast-add"]').click();
      const aqis = ['230', '260', '240'];
      for (let i = 0; i < 3; i++) {
        await page.locator(`input[data-test="alert-forecast-aqi-${i}"]`).fill(aqis[i]);
        await page.locator(`input[data-test="alert-forecast-primary-${i}"]`).fill('PM2.5');
      }
      await page.locator('[data-test="alert-forecast-save"]').click();
      await page.locator('[data-test="alert-forecast-days"]').waitFor();
      assert.deepEqual(await page.locator('[data-test="alert-forecast-aqi"]').allInnerTexts(), aqis);
      assert.equal(await page.locator('[data-test="alert-forecast-csv-errors"]').count(), 0, 'the CSV errors are gone once a forecast is saved');

      // The decision: yellow in its colour, the episode, the days of the clause, issue.
      const level = page.locator('[data-test="alert-decision-level"]');
      await level.getByText(yellow.label['zh-CN']).waitFor();
      assert.equal(await level.evaluate((el) => getComputedStyle(el).backgroundColor), rgb(yellow.color));
      const reasons = await page.locator('[data-test="alert-decision-reasons"]').innerText();
      assert.match(reasons, /2017-12-20 至 2017-12-22/);
      assert.match(reasons, /AQI > 200 需 2 天，达到 3 天：12-20、12-21、12-22/);
      assert.equal((await page.locator('[data-test="alert-decision-suggestion"]').innerText()).trim(), '建议发布预警');
      await shot(page, 'decision');

      // Issue at the level the standard gives, with a document note.
      await page.locator('[data-test="alerts-issue"]').click();
      const dialog = page.locator('[data-test="alert-action-dialog"]');
      await dialog.waitFor();
      assert.equal(await page.locator('[data-test="alert-action-level-yellow"]').evaluate((el) => el.classList.contains('is-active')), true);
      await page.locator('textarea[data-test="alert-action-note"]').fill('请各单位立即启动Ⅲ级响应，落实应急减排清单各项措施。');
      await shot(page, 'issue-dialog', false);
      await page.locator('[data-test="alert-action-save"]').click();
      await dialog.waitFor({ state: 'hidden' });
      const detail = page.locator('[data-test="alerts-in-force"] [data-test="alert-detail"]');
      await detail.locator('[data-test="alert-level"]').getByText(yellow.label['zh-CN']).waitFor();
      const number = (await detail.locator('[data-test="alert-number"]').innerText()).trim();
      assert.match(number, /^2017-\d{3}$/);
      assert.equal((await page.locator('[data-test="alert-decision-suggestion"]').innerText()).trim(), '在发预警与预报一致');

      // Upgrade to orange.
      await detail.locator('[data-test="alert-action-upgrade"]').click();
      await dialog.waitFor();
      await page.locator('[data-test="alert-action-level-orange"]').click();
      await page.locator('textarea[data-test="alert-action-note"]').fill('预报峰值升高，升级为橙色预警。');
      // The signed notice filed with the move.
      const pdf = path.join(path.dirname(csv), '升级通知.pdf');
      fs.writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
      await page.locator('[data-test="alert-action-files"]').setInputFiles(pdf);
      await page.locator('[data-test="alert-action-file"]').getByText('升级通知.pdf').waitFor();
      await page.locator('[data-test="alert-action-save"]').click();
      await dialog.waitFor({ state: 'hidden' });
      await detail.locator('[data-test="alert-level"]').getByText(orange.label['zh-CN']).waitFor();
      assert.equal(await detail.locator('[data-test="alert-level"]').evaluate((el) => getComputedStyle(el).backgroundColor), rgb(orange.color));

      // The history, newest first: yellow → orange, then the issue; the cuts per level.
      const moves = detail.locator('[data-test="alert-history-item"]');
      await page.waitForFunction(() => document.querySelectorAll('[data-test="alert-history-item"]').length === 2);
      assert.equal((await moves.nth(0).locator('[data-test="alert-history-levels"]').innerText()).trim(), '黄色预警 → 橙色预警');
      assert.equal((await moves.nth(1).locator('[data-test="alert-history-levels"]').innerText()).trim(), '— → 黄色预警');
      assert.match(await moves.nth(1).locator('[data-test="alert-history-note"]').innerText(), /启动Ⅲ级响应/);
      assert.match(await moves.nth(0).locator('[data-test="alert-history-files"]').innerText(), /升级通知\.pdf/);
      assert.match(await detail.locator('[data-test="alert-reduction-orange"]').innerText(), /≥ 20%/);
      assert.equal(await detail.locator('[data-test="alert-reduction-orange"]').evaluate((el) => el.classList.contains('current')), true);
      // The suggestion now: the forecast calls for yellow, orange is in force.
      assert.equal((await page.locator('[data-test="alert-decision-suggestion"]').innerText()).trim(), '建议降级预警');
      await detail.locator('[data-test="alert-history"]').scrollIntoViewIfNeeded();
      await shot(page, 'upgraded');

      // The CAP message and the Atom feed answer with the session.
      const capHref = await detail.locator('[data-test="alert-cap"]').getAttribute('href');
      alertId = Number(/alerts\/(\d+)\//.exec(capHref)[1]);
      const cap = await page.request.get(`${base}${capHref}`);
      assert.equal(cap.status(), 200);
      assert.match(await cap.text(), /<msgType>Update<\/msgType>/);
      const atom = await page.request.get(`${base}${await page.locator('[data-test="alerts-atom"]').getAttribute('href')}`);
      assert.equal(atom.status(), 200);
      assert.match(await atom.text(), new RegExp(number));
      // The reduction list's ledger page is a link away.
      assert.equal(await page.locator('[data-test="alerts-reduction-list"]').getAttribute('href'), '/ledgers/emergency_reduction_list');
      // The CSV's 422 (the response, and the browser's console line for it) is expected, once.
      const rest = problems.filter((p) => !expected422(p));
      const consoleLine = rest.findIndex((p) => /status of 422/.test(p));
      if (consoleLine >= 0) rest.splice(consoleLine, 1);
      assert.deepEqual(rest, []);
    } finally {
      await context.close();
    }
  });

  it('(b) a leader sees the alert read-only', async () => {
    assert.ok(alertId, 'step (a) issued an alert');
    const { context, page, problems } = await openAs(browser, base, 'leader', accounts.passwords.leader);
    try {
      await page.goto(`${base}/air/alerts`);
      const detail = page.locator('[data-test="alerts-in-force"] [data-test="alert-detail"]');
      await detail.locator('[data-test="alert-level"]').getByText('橙色预警').waitFor();
      await page.locator('[data-test="alert-decision-level"]').getByText('黄色预警').waitFor();
      for (const sel of ['alerts-issue', 'alert-forecast-edit', 'alert-forecast-import', 'alert-action-upgrade', 'alert-action-downgrade', 'alert-action-lift'])
        assert.equal(await page.locator(`[data-test="${sel}"]`).count(), 0, `no ${sel} for a leader`);
      assert.equal(await detail.locator('[data-test="alert-history-item"]').count(), 2);
      await shot(page, 'leader');
      await detail.locator('[data-test="alert-open"]').click();
      await page.waitForURL(new RegExp(`/air/alerts/${alertId}$`));
      await page.locator('[data-test="alert-page"] [data-test="alert-history-item"]').first().waitFor();
      assert.equal(await page.locator('[data-test^="alert-action-"]').count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('(c) on a phone: the console in one column, and the spot-check list', async () => {
    assert.ok(alertId, 'step (a) issued an alert');
    // At the source: the phone's position goes with the inspection.
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', geolocation: { longitude: 114.3655, latitude: 34.7612 }, permissions: ['geolocation'] });
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await loginAs(page, base, 'inspector', accounts.passwords.inspector);
      problems.length = 0;
      await page.goto(`${base}/air/alerts`);
      await page.locator('[data-test="alerts-in-force"] [data-test="alert-level"]').getByText('橙色预警').waitFor();
      const overflow = () =>
        page.evaluate(() => {
          const main = document.querySelector('.app-main');
          return Math.max(document.documentElement.scrollWidth - window.innerWidth, main ? main.scrollWidth - main.clientWidth : 0);
        });
      assert.ok((await overflow()) <= 0, 'nothing wider than the phone');
      await shot(page, 'phone');
      await page.locator('[data-test="alerts-in-force"]').scrollIntoViewIfNeeded();
      await shot(page, 'phone-in-force', false);

      const probe = await page.request.get(`${base}/api/v1/aq/alerts/${alertId}/spot-checks`);
      assert.equal(probe.status(), 200);
      const list = await probe.json();
      await page.locator('[data-test="alert-spot-checks"]').click();
      await page.waitForURL(new RegExp(`/air/alerts/${alertId}/spot-checks`));
      await page.locator('[data-test="spot-count-total"]').getByText(String(list.counts.total)).waitFor();
      assert.equal(await page.locator('[data-test="spot-item"]').count(), list.items.length);
      assert.ok((await overflow()) <= 0, 'the spot-check list fits the phone');
      await shot(page, 'phone-spot-checks');
      // The inspector checks the first source still to check, on the phone,
      // with the emergency-measures checklist: the source is now compliant.
      assert.ok(list.can_check, 'the inspector may check');
      const pending = list.items.find((i) => i.status === 'pending');
      assert.ok(pending, 'an alert with required cuts has sources to check');
      const first = page.locator('[data-test="spot-item"]').first();
      assert.equal((await first.locator('[data-test="spot-item-name"]').innerText()).trim(), pending.source_name);
      await first.locator('[data-test="spot-item-check"]').click();
      await page.waitForURL(/\/ledger-rows\/\d+\/inspect\?checklist=emergency_measures/);
      const lists = await (await page.request.get(`${base}/api/v1/checklists?target=emergency_reduction_list`)).json();
      const checklist = lists.items.find((l) => l.name === 'emergency_measures');
      assert.ok(checklist, 'the emergency-measures checklist is shipped');
      const items = page.locator('[data-test^="inspection-item-"]');
      await items.nth(checklist.items.length - 1).waitFor();
      assert.equal(await items.count(), checklist.items.length);
      await page.locator('[data-test="inspection-location-text"]').waitFor();
      // A factory: no earthwork, no transport of its own; the rest done.
      for (const item of checklist.items) {
        const result = ['earthwork_stopped', 'transport_stopped'].includes(item.code) ? 'not_applicable' : 'pass';
        await page.locator(`[data-test="inspection-${item.code}-${result}"]`).click();
      }
      assert.equal((await page.locator('[data-test="inspection-progress"]').innerText()).trim(), `已检查 ${checklist.items.length} / ${checklist.items.length} 项`);
      assert.ok((await overflow()) <= 0, 'the form fits the phone');
      await shot(page, 'phone-spot-check-form');
      await page.locator('[data-test="inspection-submit"]').click();

      // Filed, the phone is back on the list: the source counted as compliant,
      // its inspection linked.
      await page.waitForURL(new RegExp(`/air/alerts/${alertId}/spot-checks`), { timeout: 20000 });
      await page.locator('[data-test="spot-item-status-compliant"]').first().waitFor();
      const after = await (await page.request.get(`${base}/api/v1/aq/alerts/${alertId}/spot-checks`)).json();
      assert.equal(after.counts.compliant, list.counts.compliant + 1);
      assert.equal(after.counts.pending, list.counts.pending - 1);
      const checked = page.locator('[data-test="spot-item"]', { has: page.locator('[data-test="spot-item-status-compliant"]') }).first();
      assert.equal((await checked.locator('[data-test="spot-item-name"]').innerText()).trim(), pending.source_name);
      await checked.locator('[data-test="spot-item-inspection"]').waitFor();
      await shot(page, 'phone-spot-checks-after');
      await checked.locator('[data-test="spot-item-inspection"]').click();
      await page.waitForURL(/\/inspections\/\d+$/);
      assert.equal((await page.locator('.head [data-test="inspection-result"]').innerText()).trim(), '合格');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
