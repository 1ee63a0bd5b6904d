// The station registry (空气质量 → 监测站点) as the web app renders it from the
// server's answers, on the demo (7 stations):
// (a) the campaign office opens 监测站点 from the 空气质量 tab bar, registers a
//     township station with its township and coordinates (a refused limit
//     shows at its field first), edits its name and sees the change in the
//     list; the server has the station as the form said, its password kept;
// (b) a leader (and a viewer) sees the same list read-only: no add or edit
//     buttons;
// (c) the office on a 375×812 phone: the stations as cards, nothing wider
//     than the phone, the edit dialog full screen.
//
// Run: node --test tests/browser/stations.test.mjs   (after npm run build in
// web/ and a server build; LANTIAN_BIN overrides the server binary).
// Screenshots: tests/artifacts/browser/stations-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, demoAccounts, launchBrowser, loginAs, openAs, screenshot, startServer, watchProblems } from './support.mjs';

const AS_OF = '2017-12-20T09:00:00+08:00';
const NEW_PASSWORD = 'Stations#2017ok';
// Screenshots once the dialogs' and tags' transitions have ended.
const settled = (page) => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
const shot = async (page, name, full = true) => {
  await settled(page);
  return screenshot(page, `stations-${name}.png`, { fullPage: full });
};

describe('station registry', () => {
  let server;
  let base;
  let browser;
  let accounts;

  before(async () => {
    server = await startServer({ name: 'stations', clockStart: AS_OF });
    base = server.base;
    accounts = demoAccounts(server, NEW_PASSWORD);
    for (const u of ['office', 'leader', 'viewer']) await accounts.prepare(u);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  const row = (page, code) => page.locator('[data-test="stations-table"] .el-table__body tr', { has: page.locator(`[data-test="station-code-cell"]:text-is("${code}")`) });

  it('(a) the office registers a township station with its coordinates, edits its name and sees it in the list', async () => {
    const { context, page } = await openAs(browser, base, 'office', accounts.passwords.office);
    // The refused limit's 422 is the test's doing; everything else must pass.
    const problems = watchProblems(page, { responses: false, ignoreConsole: /^Failed to load resource/ });
    try {
      const before = await accounts.get('office', '/api/v1/aq/stations');
      await page.locator('.el-menu-item', { hasText: '空气质量' }).click();
      await page.waitForURL(/\/air$/);
      await page.locator('[data-test="air-tab-stations"]').click();
      await page.waitForURL(/\/air\/stations$/);
      const rows = page.locator('[data-test="stations-table"] .el-table__body tr');
      await page.waitForFunction((n) => document.querySelectorAll('[data-test="stations-table"] .el-table__body tr').length === n, before.items.length);
      // The server's kind labels, the micro station's password only as "set".
      const micro = before.items.find((s) => s.kind === 'micro');
      const microKind = before.kinds.find((k) => k.code === 'micro').label['zh-CN'];
      const microRow = row(page, micro.code);
      assert.equal((await microRow.locator('[data-test="station-kind-cell"]').innerText()).trim(), microKind);
      assert.equal((await microRow.locator('[data-test="station-hj212-cell"]').innerText()).trim(), '已设置');
      assert.equal((await microRow.locator('[data-test="station-unit-cell"]').innerText()).trim(), micro.unit);
      await shot(page, 'office-list');

      // Register: code, name, kind, township, coordinates, a PM2.5 limit.
      await page.locator('[data-test="stations-add"]').click();
      const dialog = page.locator('[data-test="station-dialog"]');
      await dialog.waitFor();
      await dialog.locator('input[data-test="station-code"]').fill('NJ-02');
      await dialog.locator('input[data-test="station-name"]').fill('南郊乡二号站');
      await dialog.locator('[data-test="station-kind"]').click();
      await page.locator('.el-select-dropdown__item[data-test="station-kind-township"]').click();
      await dialog.locator('[data-test="station-unit"]').click();
      await page.locator('.el-tree-node__content:visible', { hasText: /^南郊乡$/ }).click();
      // A click on the map (the shared point picker) puts the point in the boxes…
      await dialog.locator('[data-test="station-pick-on-map"]').click();
      const map = dialog.locator('[data-test="problem-location-map"]');
      await map.locator('.leaflet-control-zoom').waitFor();
      await settled(page);
      const box = await map.boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForFunction(() => document.querySelector('[data-test="ledger-lng"] input')?.value !== '');
      const picked = Number(await dialog.locator('[data-test="ledger-lng"] input').inputValue());
      assert.ok(picked > 114 && picked < 115, `picked longitude ${picked}`);
      // …and typed coordinates replace it.
      await dialog.locator('[data-test="ledger-lng"] input').fill('114.3601');
      await dialog.locator('[data-test="ledger-lat"] input').fill('34.7412');
      // A limit the server refuses: its message at its field, nothing saved.
      await dialog.locator('input[data-test="station-limit-pm25"]').fill('-5');
      await page.locator('[data-test="station-save"]').click();
      await dialog.locator('[data-field="limits.pm25"] .el-form-item__error').waitFor();
      assert.equal((await dialog.locator('[data-field="limits.pm25"] .el-form-item__error').innerText()).trim(), '无效');
      await shot(page, 'office-refused', false);
      await dialog.locator('input[data-test="station-limit-pm25"]').fill('75.5');
      await page.locator('[data-test="station-save"]').click();
      await dialog.waitFor({ state: 'hidden' });

      const added = (await accounts.get('office', '/api/v1/aq/stations')).items.find((s) => s.code === 'NJ-02');
      assert.ok(added, 'NJ-02 registered');
      assert.equal(added.kind, 'township');
      assert.equal(added.unit, '南郊乡');
      assert.deepEqual(added.location, { lng: 114.3601, lat: 34.7412 });
      assert.deepEqual(added.limits, { pm25: 75.5 });
      assert.equal(added.hj212, false);
      const newRow = row(page, 'NJ-02');
      await newRow.waitFor();
      assert.equal((await newRow.locator('[data-test="station-name-cell"]').innerText()).trim(), '南郊乡二号站');
      assert.equal((await newRow.locator('[data-test="station-unit-cell"]').innerText()).trim(), '南郊乡');
      assert.equal((await newRow.locator('[data-test="station-location-cell"]').innerText()).trim(), '114.3601, 34.7412');
      assert.equal((await newRow.locator('[data-test="station-limits-cell"]').innerText()).trim(), 'PM2.5 75.5');
      assert.equal(await rows.count(), before.items.length + 1);

      // Edit its name: the dialog shows the station as stored, the code fixed.
      await newRow.locator('[data-test="station-edit"]').click();
      await dialog.waitFor();
      assert.equal(await dialog.locator('input[data-test="station-code"]').isDisabled(), true);
      assert.equal(await dialog.locator('input[data-test="station-limit-pm25"]').inputValue(), '75.5');
      await dialog.locator('input[data-test="station-name"]').fill('南郊乡二号站（东）');
      await shot(page, 'office-edit', false);
      await page.locator('[data-test="station-save"]').click();
      await dialog.waitFor({ state: 'hidden' });
      await newRow.locator('[data-test="station-name-cell"]', { hasText: '南郊乡二号站（东）' }).waitFor();
      const edited = await accounts.get('office', `/api/v1/aq/stations/${added.id}`);
      assert.equal(edited.name, '南郊乡二号站（东）');
      assert.equal(edited.version, added.version + 1);
      assert.equal(edited.unit_id, added.unit_id);
      assert.deepEqual(edited.location, added.location);
      assert.deepEqual(edited.limits, added.limits);

      // The micro station's password survives an edit that does not touch it.
      await row(page, micro.code).locator('[data-test="station-edit"]').click();
      await dialog.waitFor();
      await page.locator('[data-test="station-save"]').click();
      await dialog.waitFor({ state: 'hidden' });
      const microAfter = await accounts.get('office', `/api/v1/aq/stations/${micro.id}`);
      assert.equal(microAfter.hj212, true);
      assert.equal(microAfter.version, micro.version + 1);

      // The filter by text.
      await page.locator('input[data-test="stations-q"]').fill('二号');
      await page.waitForFunction(() => document.querySelectorAll('[data-test="stations-table"] .el-table__body tr').length === 1);
      await shot(page, 'office-edited');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('(b) a leader and a viewer see the list read-only', async () => {
    for (const user of ['leader', 'viewer']) {
      const { items } = await accounts.get(user, '/api/v1/aq/stations');
      const { context, page, problems } = await openAs(browser, base, user, accounts.passwords[user]);
      try {
        await page.goto(`${base}/air/stations`);
        await page.waitForFunction((n) => document.querySelectorAll('[data-test="stations-table"] .el-table__body tr').length === n, items.length);
        assert.equal(await page.locator('[data-test="stations-add"]').count(), 0, `${user}: no add button`);
        assert.equal(await page.locator('[data-test="station-edit"]').count(), 0, `${user}: no edit buttons`);
        await page.locator('[data-test="air-tab-stations"].active').waitFor();
        if (user === 'leader') await shot(page, 'leader');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  });

  it('(c) on a phone the stations are cards and the dialog fills the screen', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await loginAs(page, base, 'office', accounts.passwords.office);
      problems.length = 0;
      await page.goto(`${base}/air/stations`);
      const { items } = await accounts.get('office', '/api/v1/aq/stations');
      await page.waitForFunction((n) => document.querySelectorAll('[data-test="station-card"]').length === n, items.length);
      assert.equal(await page.locator('[data-test="stations-table"]').count(), 0);
      const overflow = await page.evaluate(() => {
        const main = document.querySelector('.app-main');
        return Math.max(document.documentElement.scrollWidth - window.innerWidth, main ? main.scrollWidth - main.clientWidth : 0);
      });
      assert.ok(overflow <= 0, `${overflow}px wider than the phone`);
      await shot(page, 'phone');
      await page.locator('[data-test="station-card"]').first().locator('[data-test="station-edit"]').click();
      const dialog = page.locator('[data-test="station-dialog"]');
      await dialog.waitFor();
      const box = await page.locator('.el-dialog').boundingBox();
      assert.ok(box.width >= 370, `the dialog is ${box.width}px wide`);
      const dialogOverflow = await page.locator('.el-dialog').evaluate((el) => el.scrollWidth - el.clientWidth);
      assert.ok(dialogOverflow <= 0, `the dialog is ${dialogOverflow}px wider than the phone`);
      await shot(page, 'phone-edit', false);
      await page.locator('[data-test="station-active"]').scrollIntoViewIfNeeded();
      await shot(page, 'phone-edit-bottom', false);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
