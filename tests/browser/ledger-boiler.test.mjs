// A small coal boiler's ledger row from registration to 销号, as the web app
// renders it from the server's ledger type (GET /api/v1/ledger-types) and the
// row's allowed actions, on the demo as of 2017-12-20:
// (a) on a 375×812 phone the 南郊乡 staff registers a boiler (a missing
//     required field is refused at that field first), takes the phone's
//     position, files a photo on the row, and stops the boiler — the stop
//     asks for the stop date (the server's today by default) and a photo; a
//     closed dialog keeps what was typed; then reports it removed;
//     huanbao (区环保局, the lead unit of the work area) verifies it on a
//     desktop; the row shows 已核验销号 with its history;
// (b) the row is a marker on the map (一张图), coloured as its state, whose
//     popup opens the row.
//
// Run: node --test tests/browser/ledger-boiler.test.mjs   (after npm run build
// in web/ and a server build; LANTIAN_BIN overrides the server binary).
// Screenshots: tests/artifacts/browser/ledger-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, demoAccounts, launchBrowser, loginAs, makePng, openAs, openMarkerPopup, screenshot, startServer, watchProblems } from './support.mjs';

const AS_OF = '2017-12-20T09:00:00+08:00';
const NEW_PASSWORD = 'Ledger#2017ok';
const OWNER = '南郊乡康乐浴池';
// In 禹王台区 (WGS-84), where the phone says it is.
const HERE = { latitude: 34.7651, longitude: 114.3712 };
const shot = (page, name, full = true) => screenshot(page, `ledger-${name}.png`, { fullPage: full });

// A 48×32 photo: sky over a brick chimney.
const chimney = (x, y) => (x > 19 && x < 29 && y > 9 ? [150, 70, 50] : y < 16 ? [120, 170, 230] : [90, 150, 90]);
const photo = (name) => ({ name, mimeType: 'image/png', buffer: makePng(48, 32, chimney) });

describe('small coal boiler ledger: register on a phone, stop, remove, verify, map', () => {
  let server;
  let base;
  let browser;
  let accounts;
  let type;
  let rowId;

  const label = (l) => l['zh-CN'];
  const state = (name) => label(type.workflow_definition.states.find((s) => s.name === name).label);
  const stateColor = (name) => type.workflow_definition.states.find((s) => s.name === name).color;
  const actionLabel = (name) => label(type.workflow_definition.actions.find((a) => a.name === name).label);

  before(async () => {
    server = await startServer({ name: 'ledger', clockStart: AS_OF });
    base = server.base;
    accounts = demoAccounts(server, NEW_PASSWORD);
    await accounts.prepare('staff');
    await accounts.prepare('huanbao');
    type = await accounts.get('staff', '/api/v1/ledger-types/coal_boilers');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  // Picks an option of the el-select inside `scope` by its text.
  async function choose(page, scope, text) {
    await page.locator(`${scope} .el-select__wrapper`).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
  }
  const field = (name, prefix = 'ledger-field') => `[data-test="${prefix}-${name}"]`;
  const noSidewaysScroll = async (page, where) => {
    const overflow = await page.evaluate(() => {
      const main = document.querySelector('.app-main');
      return Math.max(document.documentElement.scrollWidth - window.innerWidth, main ? main.scrollWidth - main.clientWidth : 0);
    });
    assert.ok(overflow <= 0, `${where}: ${overflow}px wider than the phone`);
  };
  const waitDone = (page, prefix) =>
    page.waitForFunction(
      (p) => {
        const items = [...document.querySelectorAll(`[data-test="${p}-item"]`)];
        return items.length > 0 && items.every((i) => i.dataset.status === 'done');
      },
      prefix,
    );

  it('(a) staff registers, locates, files a photo, stops and reports on a phone; huanbao verifies on a desktop', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', geolocation: HERE, permissions: ['geolocation'] });
    await context.addInitScript(() => window.localStorage.setItem('lantian.locale', 'zh-CN'));
    const page = await context.newPage();
    // The 422 of the first register attempt is provoked: answers are not problems here.
    const problems = watchProblems(page, { responses: false, ignoreConsole: /^Failed to load resource/ });
    try {
      await loginAs(page, base, 'staff', accounts.passwords.staff);

      // 台账 in the menu (the drawer on a phone) → the index, grouped by work area.
      await page.locator('[data-test="menu-button"]').click();
      await page.locator('[data-test="nav-ledgers"]').click();
      await page.waitForURL(/\/ledgers$/);
      const card = page.locator('[data-test="ledger-type-coal_boilers"]');
      await card.waitFor();
      assert.match(await card.innerText(), /燃煤小锅炉淘汰台账/);
      await page.waitForFunction(() => !document.querySelector('[data-test="ledger-type-coal_boilers"]').innerText.includes('…'));
      assert.match(await card.innerText(), /\d+ 条/);  // the demo's own boilers count too
      await noSidewaysScroll(page, 'ledger index');
      await shot(page, 'phone-index');
      await card.click();
      await page.waitForURL(/\/ledgers\/coal_boilers$/);
      assert.equal((await page.locator('[data-test="ledger-title"]').innerText()).trim(), '燃煤小锅炉淘汰台账');

      // Register: every field of the type, rendered from its definition.
      await page.locator('[data-test="ledger-register"]').click();
      const dialog = page.locator('[data-test="ledger-row-dialog"]');
      await dialog.waitFor();
      await page.locator(`${field('owner_name')} input`).fill(OWNER);
      await page.locator(`${field('boiler_number')} input`).fill('NJ-2017-008');
      await choose(page, field('boiler_kind'), '茶浴炉');
      await page.locator(`${field('capacity')} input`).fill('0.5');
      assert.equal((await page.locator(`${field('capacity')} [data-test="ledger-field-unit"]`).innerText()).trim(), 't/h');
      assert.match(await page.locator(`.el-form-item[data-field="capacity"] [data-test="ledger-field-help"]`).innerText(), /蒸吨\/小时.*0～35/);
      await choose(page, field('fuel'), '原煤（散煤）');
      await choose(page, field('use'), '洗浴');
      await page.locator(`${field('address')} input`).fill('南郊乡南郊村 3 组');
      await page.locator(`${field('in_built_up_area')} label`, { hasText: '否' }).click();
      await choose(page, field('disposition'), '拆除');
      // The date picker opens on the server's today (December 2017).
      await page.locator(`${field('deadline')} input`).click();
      await page.locator('.el-picker-panel:visible .el-date-picker__header', { hasText: '2017' }).waitFor();
      await page.locator('.el-picker-panel:visible td.available', { hasText: /^\s*31\s*$/ }).click();
      // No responsible person: the server refuses and says so at that field.
      await page.locator('[data-test="ledger-row-save"]').click();
      const personError = page.locator('.el-form-item[data-field="responsible_person"] .el-form-item__error');
      await personError.waitFor();
      assert.match(await personError.innerText(), /必填|请填写|不能为空/);
      await shot(page, 'phone-register-error', false);
      await page.locator(`${field('responsible_person')} input`).fill('李专干');
      // The phone's position (WGS-84).
      await page.locator('[data-test="ledger-locate"]').scrollIntoViewIfNeeded();
      await page.locator('[data-test="ledger-locate"]').click();
      await page.locator('[data-test="ledger-locate-note"]').waitFor();
      assert.equal(await page.locator('[data-test="ledger-lng"] input').inputValue(), '114.371200');
      assert.equal(await page.locator('[data-test="ledger-lat"] input').inputValue(), '34.765100');
      await noSidewaysScroll(page, 'register dialog');
      await shot(page, 'phone-register-location', false);
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/ledgers/coal_boilers/rows') && r.request().method() === 'POST' && r.status() === 201);
      await page.locator('[data-test="ledger-row-save"]').click();
      rowId = (await (await created).json()).id;

      // The row's page: fields with labels and units, state, location.
      await page.waitForURL(new RegExp(`/ledger-rows/${rowId}$`));
      await page.locator('[data-test="ledger-row-title"]').waitFor();
      assert.equal((await page.locator('[data-test="ledger-row-title"]').innerText()).trim(), OWNER);
      assert.equal((await page.locator('.head-panel [data-test="workflow-status"]').innerText()).trim(), state('registered'));
      assert.equal((await page.locator('[data-test="ledger-value-capacity"]').innerText()).trim(), '0.5 t/h');
      assert.equal((await page.locator('[data-test="ledger-value-boiler_kind"]').innerText()).trim(), '茶浴炉');
      assert.equal((await page.locator('[data-test="ledger-value-in_built_up_area"]').innerText()).trim(), '否');
      assert.match(await page.locator('[data-test="ledger-row-location"]').innerText(), /114\.3712\d*, 34\.7651/);
      const buttons = await page.locator('.head-panel .button-bar .el-button').allInnerTexts();
      assert.deepEqual(buttons.map((b) => b.trim()), [actionLabel('stop'), actionLabel('report_removed'), '编辑']);

      // A photo of the boiler on the row (the camera input).
      await page.locator('input[data-test="ledger-file-camera"]').setInputFiles(photo('锅炉现状.png'));
      await page.locator('[data-test="ledger-photo"]').first().waitFor();
      await noSidewaysScroll(page, 'row page');
      await shot(page, 'phone-row-registered');

      // Stop: the stop date (today, from the server) and a photo.
      await page.locator('[data-test="ledger-action-stop"]').click();
      const act = page.locator('[data-test="ledger-action-dialog"]');
      await act.waitFor();
      assert.equal(await page.locator(`${field('stop_date', 'ledger-action-field')} input`).inputValue(), '2017-12-20');
      await page.locator('input[data-test="ledger-action-evidence-camera"]').setInputFiles(photo('停用封存.png'));
      await waitDone(page, 'ledger-action-evidence');
      await page.locator('textarea[data-test="ledger-action-note"]').fill('已断开燃料供应，炉门贴封条');
      // Closing the dialog loses nothing: it comes back with the draft.
      await act.locator('.el-dialog__footer .el-button', { hasText: '取消' }).click();
      await act.waitFor({ state: 'hidden' });
      await page.locator('[data-test="ledger-action-stop"]').click();
      await page.locator('[data-test="ledger-action-restored"]').waitFor();
      assert.equal(await page.locator('textarea[data-test="ledger-action-note"]').inputValue(), '已断开燃料供应，炉门贴封条');
      assert.equal(await page.locator('[data-test="ledger-action-evidence-item"][data-status="done"]').count(), 1);
      await noSidewaysScroll(page, 'action dialog');
      await page.waitForTimeout(400); // the dialog's opening transition
      await shot(page, 'phone-stop-dialog', false);
      const stopped = page.waitForResponse((r) => r.url().endsWith(`/ledger-rows/${rowId}/actions/stop`));
      await page.locator('[data-test="ledger-action-save"]').click();
      assert.equal((await stopped).status(), 200);
      await page.locator('.head-panel [data-test="workflow-status"]', { hasText: state('stopped') }).waitFor();
      assert.equal(await page.evaluate((id) => sessionStorage.getItem(`lantian.draft.ledger-action.${id}.stop`), rowId), null);

      // Removed: the removal date and a photo of the empty boiler room.
      await page.locator('[data-test="ledger-action-report_removed"]').click();
      await page.locator(`${field('removal_date', 'ledger-action-field')} input`).waitFor();
      await page.locator('input[data-test="ledger-action-evidence-camera"]').setInputFiles(photo('拆除后.png'));
      await waitDone(page, 'ledger-action-evidence');
      await page.locator('[data-test="ledger-action-save"]').click();
      await page.locator('.head-panel [data-test="workflow-status"]', { hasText: state('removed') }).waitFor();
      assert.deepEqual((await page.locator('.head-panel .button-bar .el-button').allInnerTexts()).map((b) => b.trim()), ['编辑']);
      await page.locator('[data-test="ledger-row-history"]').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await shot(page, 'phone-row-removed', false);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }

    // huanbao, on a desktop: the rows awaiting verification → verify.
    const desk = await openAs(browser, base, 'huanbao', accounts.passwords.huanbao);
    try {
      const p = desk.page;
      await p.goto(`${base}/ledgers/coal_boilers?status=removed`);
      const link = p.locator('[data-test="ledger-row-link"]', { hasText: OWNER });
      await link.waitFor();
      assert.match(await p.locator('[data-test="ledger-total"]').innerText(), /共 \d+ 条/);
      assert.match(await p.locator('[data-test="ledger-table"]').innerText(), new RegExp(state('removed').replace(/[()（）]/g, '.')));
      await shot(p, 'desktop-list-removed');
      await link.click();
      await p.waitForURL(new RegExp(`/ledger-rows/${rowId}$`));
      await p.locator('[data-test="ledger-action-verify"]').click();
      assert.equal(await p.locator(`${field('verification_date', 'ledger-action-field')} input`).inputValue(), '2017-12-20');
      await p.locator('input[data-test="ledger-action-evidence-camera"]').setInputFiles(photo('现场核验.png'));
      await waitDone(p, 'ledger-action-evidence');
      await p.locator('textarea[data-test="ledger-action-note"]').fill('现场核验：炉体、烟囱已拆除');
      await shot(p, 'desktop-verify-dialog', false);
      await p.locator('[data-test="ledger-action-save"]').click();
      await p.locator('.head-panel [data-test="workflow-status"]', { hasText: state('verified') }).waitFor();

      // The history: who did what, from → to, notes and photos.
      const events = p.locator('[data-test="ledger-row-history"] [data-test="workflow-event"]');
      await p.waitForFunction(() => document.querySelectorAll('[data-test="ledger-row-history"] [data-test="workflow-event"]').length === 4);
      const actions = (await events.locator('[data-test="workflow-event-action"]').allInnerTexts()).map((s) => s.trim());
      assert.deepEqual(actions, ['创建', actionLabel('stop'), actionLabel('report_removed'), actionLabel('verify')]);
      const actors = (await events.locator('[data-test="workflow-event-actor"]').allInnerTexts()).map((s) => s.trim());
      assert.equal(actors[3], (await accounts.get('huanbao', '/api/v1/auth/me')).user.name);
      assert.equal(await events.nth(1).locator('[data-test="workflow-evidence-thumb"]').count(), 1);
      assert.match(await events.nth(3).innerText(), /炉体、烟囱已拆除/);
      // Four photos in the gallery: the one filed on the row and one per move.
      assert.equal(await p.locator('[data-test="ledger-photo"]').count(), 4);
      assert.equal((await p.locator('[data-test="ledger-value-verification_date"]').innerText()).trim(), '2017-12-20');
      // The buttons are the server's actions for huanbao now: a closed row is
      // not edited, but the lead unit may still report a rebound.
      const allowed = (await accounts.get('huanbao', `/api/v1/ledger-rows/${rowId}`)).actions;
      assert.deepEqual(allowed, ['find_rebound']);
      assert.deepEqual((await p.locator('.head-panel .button-bar .el-button').allInnerTexts()).map((b) => b.trim()), [actionLabel('find_rebound')]);
      await p.evaluate(() => document.fonts.ready);
      await shot(p, 'desktop-row-verified');
      await p.locator('[data-test="ledger-row-history"]').scrollIntoViewIfNeeded();
      await shot(p, 'desktop-row-history', false);
      assert.deepEqual(desk.problems, []);
    } finally {
      await desk.context.close();
    }

    const row = await accounts.get('staff', `/api/v1/ledger-rows/${rowId}`);
    assert.equal(row.status, 'verified');
    assert.equal(row.fields.stop_date, '2017-12-20');
    assert.equal(row.files.length, 4);
  });

  it('(b) the row is a marker on the map in its state’s colour, and its popup opens the row', async () => {
    assert.ok(rowId, 'needs the row of (a)');
    const { context, page, problems } = await openAs(browser, base, 'staff', accounts.passwords.staff);
    try {
      // The boilers' layer alone (the enterprises and inspections are layers too).
      await page.goto(`${base}/map?layers=coal_boilers`);
      await page.locator('[data-test="map"] .leaflet-overlay-pane path').first().waitFor();
      const marker = page.locator('.map-marker');
      await marker.first().waitFor();
      assert.equal(await marker.count(), 1);
      assert.match(await page.locator('[data-test="map-summary"]').innerText(), /1 个点位/);
      // No tile server is configured: the boundary alone, said so.
      assert.equal(await page.locator('.leaflet-tile').count(), 0);
      await page.locator('[data-test="map-offline"]').waitFor();
      const color = await marker.first().locator('span').evaluate((el) => getComputedStyle(el).backgroundColor);
      const hex = stateColor('verified');
      const rgb = `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;
      assert.equal(color, rgb);
      await shot(page, 'map-desktop', false);
      const popup = await openMarkerPopup(page, marker.first());
      assert.match(await popup.innerText(), new RegExp(OWNER));
      assert.match(await popup.innerText(), /已核验销号/);
      await page.waitForTimeout(400); // the popup fades in
      await shot(page, 'map-popup', false);

      // Filtering by a state the row is not in leaves the map empty.
      await page.locator('[data-test="map-status"] .el-select__wrapper').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: state('stopped') }).first().click();
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.querySelectorAll('.map-marker').length === 0);
      assert.match(page.url(), /status=stopped/);
      await page.goto(`${base}/map?layers=coal_boilers`);
      await page.locator('.map-marker').first().waitFor();
      await (await openMarkerPopup(page, page.locator('.map-marker').first())).locator('[data-test="map-popup-link"]').click();
      await page.waitForURL(new RegExp(`/ledger-rows/${rowId}$`));
      await page.locator('[data-test="ledger-row-title"]', { hasText: OWNER }).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }

    // On a phone: the map fills the screen under a folded filter panel.
    const phone = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const small = await phone.newPage();
    try {
      await loginAs(small, base, 'staff', accounts.passwords.staff);
      await small.goto(`${base}/map`);
      await small.locator('.map-marker, .marker-cluster').first().waitFor();
      const box = await small.locator('[data-test="map"]').boundingBox();
      assert.ok(box.height >= 400 && box.width >= 340, `map ${box.width}×${box.height} on a phone`);
      await small.waitForTimeout(400); // the loading mask fades out
      await shot(small, 'map-phone', false);
    } finally {
      await phone.close();
    }
  });
});
