// A ledger from a spreadsheet (导入台账), on the demo as of 2017-12-20:
// (a) 南郊乡 staff imports a CSV of construction sites (UTF-8 with BOM, no
//     unit column: the rows go to the default unit, 南郊乡) whose location
//     column is headed 坐标, which the server does not know: the preview
//     leaves it ignored, the staff maps it to the location, and the preview then
//     finds the third site's coordinates swapped — shown at its row (4) and
//     column (F · 坐标) with the reason by its code. The staff imports the
//     valid rows only, then fixes the file and imports it again: the two
//     rows already in are unchanged (the ledger's key), the fixed one is new.
//     The list shows the three sites; the map shows them as points; the
//     exported workbook imported back changes nothing.
// (b) On a phone, a file of 2,100 rows is written in the background: the
//     list page shows the progress and reloads when it is done.
//
// Run: node --test tests/browser/ledger-import.test.mjs   (after npm run build
// in web/ and a server build; LANTIAN_BIN overrides the server binary).
// Screenshots: tests/artifacts/browser/ledger-import-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { demoAccounts, launchBrowser, openAs, screenshot, startServer } from './support.mjs';

const AS_OF = '2017-12-20T09:00:00+08:00';
const NEW_PASSWORD = 'Import#2017ok';
const shot = (page, name, full = false) => screenshot(page, `ledger-import-${name}.png`, { fullPage: full });

const HEADER = '项目名称,工程类别,工地地址,建设单位,施工单位,坐标,备注';
const SITES = [
  '南郊乡安置房二期工程,房屋建筑,南郊乡南郊村东,禹王台区城投公司,河南某建设集团有限公司,"114.3400,34.7750",',
  '南郊乡中心路改造工程,道路,南郊乡中心路,禹王台区住建局,开封市政工程有限公司,"114.3900,34.7600",雨污分流',
];
const SWAPPED = '南郊乡幼儿园新建工程,房屋建筑,南郊乡南郊村北,南郊乡人民政府,开封某建筑工程有限公司,"34.7450,114.4300",';
const FIXED = '南郊乡幼儿园新建工程,房屋建筑,南郊乡南郊村北,南郊乡人民政府,开封某建筑工程有限公司,"114.4300,34.7450",';
const csv = (lines) => ({ name: '施工工地台账.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + [HEADER, ...lines].join('\r\n') + '\r\n', 'utf8') });

describe('ledger import from a spreadsheet', () => {
  let server;
  let base;
  let browser;
  let accounts;
  let locationLabel; // the built-in location column's label, as the server has it

  before(async () => {
    server = await startServer({ name: 'ledger-import', clockStart: AS_OF });
    base = server.base;
    accounts = demoAccounts(server, NEW_PASSWORD);
    await accounts.prepare('staff');
    const type = await accounts.get('staff', '/api/v1/ledger-types/construction_sites');
    locationLabel = type.builtins.find((b) => b.name === 'location').label['zh-CN'];
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  const dialog = (page) => page.locator('[data-test="ledger-import-dialog"]');
  const stat = async (page, key) => Number((await page.locator(`[data-test="import-stat-${key}"] b`).innerText()).trim());
  async function pick(page, file) {
    await page.locator('input[data-test="import-file"]').setInputFiles(file);
    await page.locator('[data-test="import-preview"]').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-test="import-preview"] .el-loading-mask'));
  }
  // Maps column F (坐标) to the location and waits for the preview that follows.
  async function mapLocation(page) {
    const again = page.waitForResponse((r) => r.url().includes('/import?') && r.url().includes('dry_run=true'));
    await page.locator('[data-test="import-map-select-5"] .el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${locationLabel}$`) }).click();
    await again;
  }

  it('(a) staff maps the columns, sees the bad row, imports the valid rows, fixes the file, and sees the sites in the list and on the map', async () => {
    const { context, page, problems } = await openAs(browser, base, 'staff', accounts.passwords.staff);
    try {
      await page.goto(`${base}/ledgers/construction_sites`);
      await page.locator('[data-test="ledger-total"]', { hasText: '共 0 条' }).waitFor();
      await page.locator('[data-test="ledger-import"]').click();
      await dialog(page).waitFor();
      await page.waitForTimeout(300); // the dialog's opening transition
      await shot(page, 'pick');

      // The preview: the format read, the headers matched, 坐标 not known.
      await pick(page, csv([...SITES, SWAPPED]));
      assert.match(await page.locator('[data-test="import-format"]').innerText(), /csv \(utf-8/i);
      assert.equal((await page.locator('[data-test="import-map-select-0"] .el-select__placeholder').innerText()).trim(), '项目名称');
      assert.equal((await page.locator('[data-test="import-map-select-5"] .el-select__placeholder').innerText()).trim(), '不导入');
      assert.equal(await stat(page, 'new'), 3);
      assert.equal(await stat(page, 'errors'), 0);

      // 坐标 is the location ("lng,lat"): mapped, previewed again.
      await mapLocation(page);
      await page.locator('[data-test="import-stat-errors"] b', { hasText: '1' }).waitFor();
      assert.equal(await stat(page, 'new'), 2);
      // The bad row at its row and column, the reason in Chinese by its code.
      const line = page.locator('[data-test="import-errors"] tbody tr');
      assert.equal(await line.count(), 1);
      const cells = (await line.locator('td').allInnerTexts()).map((s) => s.trim());
      assert.deepEqual(cells.slice(0, 3), ['4', 'F · 坐标', locationLabel]);
      assert.match(cells[3], /不是有效的经纬度/);
      assert.equal(await page.locator('[data-test="import-all"]').isDisabled(), true);
      await shot(page, 'preview-error');

      // Valid rows only, after confirming.
      await page.locator('[data-test="import-valid-only"]').click();
      const box = page.locator('.el-message-box');
      await box.waitFor();
      assert.match(await box.innerText(), /将写入 2 行无误的数据，跳过 1 行有错误的数据/);
      await box.locator('.el-button--primary').click();
      await page.locator('[data-test="import-result"]').waitFor();
      assert.match(await page.locator('[data-test="import-result"]').innerText(), /新增 2 条.*跳过 1 行/s);
      await box.waitFor({ state: 'hidden' });
      await page.waitForTimeout(300);
      await shot(page, 'done-valid-rows');
      await page.locator('[data-test="import-close"]').click();
      await page.locator('[data-test="ledger-total"]', { hasText: '共 2 条' }).waitFor();

      // The file fixed and imported again: the two rows in are unchanged, the third is new.
      await page.locator('[data-test="ledger-import"]').click();
      await pick(page, csv([...SITES, FIXED]));
      await mapLocation(page);
      await page.locator('[data-test="import-stat-unchanged"] b', { hasText: '2' }).waitFor();
      assert.equal(await stat(page, 'new'), 1);
      assert.equal(await stat(page, 'errors'), 0);
      await shot(page, 'preview-fixed');
      await page.locator('[data-test="import-all"]').click();
      await page.locator('[data-test="import-result"]').waitFor();
      assert.match(await page.locator('[data-test="import-result"]').innerText(), /新增 1 条/);
      await page.locator('[data-test="import-close"]').click();

      // The list: three sites, all of 南郊乡 (the default unit).
      await page.locator('[data-test="ledger-total"]', { hasText: '共 3 条' }).waitFor();
      const table = await page.locator('[data-test="ledger-table"]').innerText();
      for (const name of ['南郊乡安置房二期工程', '南郊乡中心路改造工程', '南郊乡幼儿园新建工程']) assert.match(table, new RegExp(name));
      await page.waitForTimeout(300);
      await shot(page, 'list', true);

      // The exported workbook, imported back, changes nothing.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="ledger-export"]').click()]);
      const exported = await download.path();
      assert.equal(fs.readFileSync(exported).subarray(0, 2).toString(), 'PK');
      await page.locator('[data-test="ledger-import"]').click();
      await pick(page, { name: '施工工地台账-导出.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: fs.readFileSync(exported) });
      assert.match(await page.locator('[data-test="import-format"]').innerText(), /xlsx/);
      assert.equal(await stat(page, 'unchanged'), 3);
      assert.equal(await stat(page, 'new'), 0);
      await page.locator('[data-test="import-nothing"]').waitFor();
      assert.match(await page.locator('[data-test="import-ignored"]').innerText(), /状态/);
      await shot(page, 'roundtrip');
      await dialog(page).locator('.el-dialog__footer .el-button', { hasText: '重新选择文件' }).waitFor();
      await page.keyboard.press('Escape');

      // The map: the three sites as points of their layer.
      await page.goto(`${base}/map?layers=construction_sites`);
      await page.locator('[data-test="map-summary"]', { hasText: '3 个点位' }).waitFor();
      await page.locator('.map-marker').first().waitFor();
      const rows = (await accounts.get('staff', '/api/v1/ledgers/construction_sites/rows')).items;
      assert.deepEqual([...new Set(rows.map((r) => r.unit.name))], ['南郊乡']);
      const kindergarten = rows.find((r) => r.title === '南郊乡幼儿园新建工程');
      assert.ok(Math.abs(kindergarten.location.lng - 114.43) < 1e-6 && Math.abs(kindergarten.location.lat - 34.745) < 1e-6);
      await page.waitForTimeout(400);
      await shot(page, 'map');
      await page.goto(`${base}/map?layers=construction_sites&focus=${kindergarten.id}`);
      const popup = page.locator('[data-test="map-popup"]');
      await popup.waitFor();
      assert.match(await popup.innerText(), /南郊乡幼儿园新建工程/);
      await page.waitForTimeout(400);
      await shot(page, 'map-popup');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('(b) on a phone, a file of 2,100 rows is written in the background with its progress on the list', async () => {
    const { context, page, problems } = await openAs(browser, base, 'staff', accounts.passwords.staff, { phone: true, storeLocale: true });
    try {
      const lines = Array.from({ length: 2100 }, (_, i) => `南郊乡农房改造${String(i + 1).padStart(4, '0')}号,房屋建筑,南郊乡第${i + 1}户,农户,南郊乡建筑队,,`);
      await page.goto(`${base}/ledgers/construction_sites`);
      await page.locator('[data-test="ledger-total"]', { hasText: '共 3 条' }).waitFor();
      await page.locator('[data-test="ledger-import"]').click();
      await pick(page, { ...csv(lines), name: '农房改造.csv' });
      assert.equal(await stat(page, 'new'), 2100);
      await page.waitForTimeout(300);
      await shot(page, 'phone-preview');
      const started = page.waitForResponse((r) => r.url().includes('dry_run=false'));
      await page.locator('[data-test="import-all"]').click();
      assert.equal((await started).status(), 202);
      // The dialog closes; the page stays usable while the job runs.
      await dialog(page).waitFor({ state: 'hidden' });
      const job = page.locator('[data-test="ledger-import-job"]');
      await job.waitFor();
      assert.match(await job.innerText(), /正在后台导入/);
      await shot(page, 'background');
      await job.waitFor({ state: 'hidden', timeout: 60000 });
      await page.locator('[data-test="ledger-total"]', { hasText: '共 2103 条' }).waitFor();
      assert.match(await page.locator('.el-message').first().innerText(), /新增 2100 条/);
      await shot(page, 'background-done');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
