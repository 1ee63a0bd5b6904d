// The enterprise registry (一企一档), the banned list (关停取缔名单) and the
// suspected relocations (疑似搬迁预警), as the web app renders them from the
// server's answers (statuses, labels, actions), on the demo as of 2017-12-20:
// (a) the campaign office registers an enterprise that resembles 祥符区's
//     banned 宏达铸造厂 (a wrong check character first, refused at the credit
//     code), its file shows the suspected relocation at once; on the alerts
//     page the evidence stands side by side; confirming without a note is
//     refused at the note, with one it is confirmed; the enterprise is a
//     marker of the map's enterprises layer whose popup opens its file;
// (b) the office imports another district's banned list: the preview shows
//     the bad row by line and column, the corrected file the alert it would
//     raise, the import raises it;
// (c) 南郊乡's leader sees only 南郊乡's enterprises, not another township's
//     (not even by its address), and no office buttons;
// (d) 南郊乡's staff on a 375×812 phone: the list as cards, the enterprise's
//     file with its 散乱污 ledger row and its inspection (both filed through
//     the API first), a photo filed from the camera, nothing wider than the
//     phone, the edit dialog.
//
// Run: node --test tests/browser/enterprises.test.mjs   (after npm run build
// in web/ and a server build; LANTIAN_BIN overrides the server binary).
// Screenshots: tests/artifacts/browser/enterprises-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, apiClient, demoAccounts, launchBrowser, loginAs, makePng, openAs, screenshot, startServer, watchProblems } from './support.mjs';

const AS_OF = '2017-12-20T09:00:00+08:00';
const NEW_PASSWORD = 'Registry#2017ok';
const shot = (page, name, full = true) => screenshot(page, `enterprises-${name}.png`, { fullPage: full });

// The GB 32100 check character of the first 17 characters of a credit code.
function checkCharacter(first17) {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(first17[i]) * weights[i];
  return chars[(31 - (sum % 31)) % 31];
}
const FIRST17 = '92410205MA40Q7H2D';
const GOOD_CODE = FIRST17 + checkCharacter(FIRST17);
const BAD_CODE = FIRST17 + (checkCharacter(FIRST17) === '0' ? '1' : '0');
// Like 祥符区's banned 宏达铸造厂: the same trade name, legal representative and phone.
const NEWCOMER = '开封市禹王台区宏达精密铸件厂';

describe('enterprise registry, banned list and suspected relocations', () => {
  let server;
  let base;
  let browser;
  let accounts;
  let newcomerId;

  before(async () => {
    server = await startServer({ name: 'enterprises', clockStart: AS_OF });
    base = server.base;
    accounts = demoAccounts(server, NEW_PASSWORD);
    for (const u of ['office', 'leader', 'staff']) await accounts.prepare(u);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  const texts = async (locator) => (await locator.allInnerTexts()).map((s) => s.trim());
  const noSidewaysScroll = async (page, where) => {
    const overflow = await page.evaluate(() => {
      const main = document.querySelector('.app-main');
      return Math.max(document.documentElement.scrollWidth - window.innerWidth, main ? main.scrollWidth - main.clientWidth : 0);
    });
    assert.ok(overflow <= 0, `${where}: ${overflow}px wider than the phone`);
  };
  // A unit of the tree select inside `scope`, found by typing part of its name.
  async function pickUnit(page, scope, name) {
    await page.locator(`${scope} .el-select__wrapper`).click();
    await page.locator(`${scope} input`).fill(name);
    await page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: name }).first().click();
  }

  it('(a) the office registers a lookalike of a banned enterprise, sees the suspected relocation and confirms it with a note', async () => {
    const { context, page } = await openAs(browser, base, 'office', accounts.passwords.office);
    // The refusals below are provoked: answers are not problems here.
    const problems = watchProblems(page, { responses: false, ignoreConsole: /^Failed to load resource/ });
    try {
      const openBefore = (await accounts.get('office', '/api/v1/relocation-alerts?status=open&per_page=1')).total;
      await page.locator('[data-test="nav-enterprises"]').click();
      await page.waitForURL(/\/enterprises$/);
      await page.locator('[data-test="enterprise-link"]').first().waitFor();
      const demo = (await accounts.get('office', '/api/v1/enterprises?per_page=1')).total;
      assert.equal((await page.locator('[data-test="enterprises-total"]').innerText()).trim(), `共 ${demo} 家`);
      assert.equal((await page.locator('[data-test="enterprise-tab-open-alerts"]').innerText()).trim(), String(openBefore));
      await shot(page, 'desktop-list');

      // Register, with the check character wrong first.
      await page.locator('[data-test="enterprises-register"]').click();
      await page.locator('[data-test="enterprise-dialog"]').waitFor();
      await page.locator('input[data-test="enterprise-name"]').fill(NEWCOMER);
      await page.locator('input[data-test="enterprise-credit-code"]').fill(BAD_CODE);
      await page.locator('input[data-test="enterprise-legal-rep"]').fill('刘宏达');
      await page.locator('input[data-test="enterprise-phone"]').fill('13663780789');
      await page.locator('input[data-test="enterprise-address"]').fill('开封市禹王台区汪屯乡汪屯村西300米');
      // A point read off Amap (GCJ-02): the server stores it as WGS-84.
      await page.locator('[data-test="ledger-lng"] input').fill('114.4012');
      await page.locator('[data-test="ledger-lat"] input').fill('34.7688');
      await page.locator('[data-test="ledger-datum"] .el-select__wrapper').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: 'GCJ-02' }).click();
      await page.locator('input[data-test="enterprise-industry-code"]').fill('C3391');
      await pickUnit(page, '[data-field="unit_id"]', '汪屯村');
      await page.locator('[data-test="enterprise-save"]').click();
      const codeError = page.locator('[data-test="enterprise-dialog"] [data-field="credit_code"] .el-form-item__error');
      await codeError.waitFor();
      assert.equal((await codeError.innerText()).trim(), `校验码（最后一位）不符：按前 17 位应为 ${checkCharacter(FIRST17)}`);
      await page.waitForTimeout(300);
      await shot(page, 'desktop-register-check-character', false);
      await page.locator('input[data-test="enterprise-credit-code"]').fill(GOOD_CODE);
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/enterprises') && r.request().method() === 'POST' && r.status() === 201);
      await page.locator('[data-test="enterprise-save"]').click();
      const body = await (await created).json();
      newcomerId = body.id;
      assert.equal(body.alerts.length, 1, JSON.stringify(body.alerts));
      assert.equal(body.alerts[0].banned_name, '开封市祥符区宏达铸造厂');

      // Its file, with the suspected relocation at once.
      await page.waitForURL(new RegExp(`/enterprises/${newcomerId}$`));
      await page.locator('[data-test="enterprise-name"]', { hasText: NEWCOMER }).waitFor();
      assert.equal((await page.locator('[data-test="enterprise-credit-code"]').innerText()).trim(), GOOD_CODE);
      assert.match(await page.locator('[data-test="enterprise-identity"]').innerText(), /汪屯村/);
      assert.deepEqual(await texts(page.locator('.head-panel .button-bar .el-button')), ['现场检查', '编辑', '列入关停取缔名单']);
      const onFile = page.locator('[data-test="enterprise-alerts"] [data-test="relocation-alert"]');
      assert.equal(await onFile.count(), 1);
      assert.match(await onFile.locator('[data-test="relocation-banned-name"]').innerText(), /开封市祥符区宏达铸造厂/);
      await shot(page, 'desktop-file-with-alert');
      // 现场检查 starts from the file, with the server's checklist for enterprises.
      const checklists = (await accounts.get('office', '/api/v1/checklists?target=enterprise')).items;
      assert.ok(checklists.length > 0);
      await page.locator('[data-test="enterprise-inspect"]').click();
      await page.waitForURL(new RegExp(`/enterprises/${newcomerId}/inspect$`));
      await page.locator('[data-test="inspection-target"]', { hasText: NEWCOMER }).waitFor();
      // The checklist renders after the target (its own request): wait for its items.
      await page.locator('[data-test^="inspection-item-"]').first().waitFor();
      assert.equal(await page.locator('[data-test^="inspection-item-"]').count(), checklists[0].items.length);
      await page.locator('[data-test="inspection-back"]').click();
      await page.waitForURL(new RegExp(`/enterprises/${newcomerId}$`));

      // The alerts tab: open ones first, the evidence side by side.
      await page.locator('[data-test="nav-enterprises"]').click();
      await page.waitForURL(/\/enterprises$/);
      assert.equal((await page.locator('[data-test="enterprise-tab-open-alerts"]').innerText()).trim(), String(openBefore + 1));
      await page.locator('[data-test="enterprise-tab-alerts"]').click();
      await page.waitForURL(/\/relocation-alerts$/);
      const card = page.locator(`[data-test="relocation-alert"][data-alert="${body.alerts[0].id}"]`);
      await card.waitFor();
      const first = page.locator('[data-test="relocation-alert"]').first();
      assert.equal(await first.getAttribute('data-alert'), String(body.alerts[0].id), 'the newest open alert comes first');
      assert.match(await card.locator('[data-test="relocation-score"]').innerText(), /相似度 \d+%/);
      const reasons = await texts(card.locator('[data-test="relocation-reasons"] .el-tag'));
      assert.ok(reasons.includes('联系电话相同') && reasons.includes('法定代表人相同'), reasons.join(' '));
      assert.equal((await card.locator('[data-test="relocation-candidate-name"]').innerText()).trim(), NEWCOMER);
      assert.match(await card.locator('[data-test="relocation-banned-legal_rep"]').innerText(), /刘宏达\s*相同/);
      assert.equal((await card.locator('[data-test="relocation-origin"]').innerText()).trim(), '祥符区');
      assert.match(await card.innerText(), /冲天炉熔炼无除尘设施/);
      await shot(page, 'desktop-alerts');

      // Confirm: a note is required (the server says so at the note).
      await card.locator('[data-test="relocation-confirm"]').click();
      const dialog = page.locator('[data-test="resolve-dialog"]');
      await dialog.waitFor();
      await page.locator('[data-test="resolve-save"]').click();
      const noteError = dialog.locator('[data-field="note"] .el-form-item__error');
      await noteError.waitFor();
      assert.equal((await noteError.innerText()).trim(), '请填写原因');
      await page.locator('textarea[data-test="resolve-note"]').fill('经汪屯乡实地核查，系祥符区宏达铸造厂原班人马迁入，已移交执法大队');
      await page.waitForTimeout(300);
      await shot(page, 'desktop-confirm-dialog', false);
      await page.locator('[data-test="resolve-save"]').click();
      await dialog.waitFor({ state: 'hidden' });
      await card.locator('[data-test="relocation-verdict"]').waitFor();
      assert.match(await card.locator('[data-test="relocation-verdict"]').innerText(), /已确认搬迁[\s\S]*攻坚办值班员/);
      assert.equal(await card.locator('[data-test="relocation-confirm"]').count(), 0);
      await shot(page, 'desktop-alert-confirmed', false);
      const alert = (await accounts.get('office', `/api/v1/relocation-alerts?enterprise_id=${newcomerId}`)).items[0];
      assert.equal(alert.status, 'confirmed');
      assert.match(alert.note, /原班人马迁入/);

      // On the map (一张图): the enterprises are a layer of their own; the
      // file's link shows the newcomer's marker with its popup, which opens the file.
      await page.goto(`${base}/enterprises/${newcomerId}`);
      await page.locator('[data-test="enterprise-map-link"]').click();
      await page.waitForURL(new RegExp(`/map\\?layers=enterprises&focus=${newcomerId}$`));
      const popup = page.locator('[data-test="map-popup"]');
      await popup.waitFor();
      assert.match(await popup.innerText(), new RegExp(NEWCOMER));
      assert.match(await popup.innerText(), /正常生产经营/);
      const layers = (await accounts.get('office', '/api/v1/map/config')).layers;
      assert.deepEqual(
        await texts(page.locator('[data-test="map-layers"] .el-checkbox__label')).then((l) => l.map((x) => x.replace(/\s*\d+$/, ''))),
        layers.map((l) => l.label['zh-CN']),
      );
      assert.equal(await page.locator('[data-test="map-layers"] .el-checkbox.is-checked').count(), 1);
      assert.ok(await page.locator('.map-marker-enterprises').count() >= 1);
      await page.waitForTimeout(400);
      await shot(page, 'desktop-map', false);
      await popup.locator('[data-test="map-popup-link"]').click();
      await page.waitForURL(new RegExp(`/enterprises/${newcomerId}$`));
      await page.locator('[data-test="enterprise-name"]', { hasText: NEWCOMER }).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('(b) the office imports a banned list: the bad row by line and column first, then the alert it raises', async () => {
    const { context, page } = await openAs(browser, base, 'office', accounts.passwords.office);
    const problems = watchProblems(page, { responses: false, ignoreConsole: /^Failed to load resource/ });
    const header = '名称,统一社会信用代码,法定代表人,联系电话,地址,原属区域,取缔日期,原因,备注';
    const rows = [
      '开封市龙亭区金明五金加工部,,王金明,13803780101,开封市龙亭区北郊乡,龙亭区,2017-10-08,散乱污企业关停取缔,',
      '开封市鼓楼区顺达喷漆部,,孙顺达,13700001111,开封市鼓楼区五一街道,鼓楼区,2017-13-40,露天喷漆关停取缔,日期待核',
    ];
    const csv = (lines) => ({ name: '龙亭区鼓楼区通报.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...lines].join('\n'), 'utf8') });
    try {
      await page.goto(`${base}/banned-enterprises`);
      await page.locator('[data-test="banned-table"] .el-table__body tr').first().waitFor();
      const before = (await accounts.get('office', '/api/v1/banned-enterprises?per_page=1')).total;
      assert.equal((await page.locator('[data-test="banned-total"]').innerText()).trim(), `共 ${before} 家`);
      await page.locator('[data-test="banned-import"]').click();
      await page.locator('input[data-test="banned-import-file"]').setInputFiles(csv(rows));
      await page.locator('[data-test="banned-import-preview"]').waitFor();
      assert.equal((await page.locator('[data-test="banned-import-stat-invalid"] b').innerText()).trim(), '1');
      const errors = page.locator('[data-test="import-errors"] .el-table__body tr');
      assert.equal(await errors.count(), 1);
      assert.match(await errors.first().innerText(), /^3\s/); // the file's line 3
      assert.equal((await errors.first().locator('[data-test="import-column"]').innerText()).trim(), '7 取缔日期');
      assert.match(await page.locator('[data-test="banned-import-ignored"]').innerText(), /备注/);
      assert.equal(await page.locator('[data-test="banned-import-run"]').isDisabled(), true);
      await shot(page, 'desktop-import-errors', false);

      // The corrected file: the alert it would raise, then the import.
      await page.locator('[data-test="banned-import-again"]').click();
      await page.locator('input[data-test="banned-import-file"]').setInputFiles(csv([rows[0], rows[1].replace('2017-13-40', '2017-11-30')]));
      await page.locator('[data-test="banned-import-would-raise"]').waitFor();
      assert.match(await page.locator('[data-test="banned-import-would-raise"]').innerText(), /将产生 1 条疑似搬迁预警/);
      await shot(page, 'desktop-import-preview', false);
      await page.locator('[data-test="banned-import-run"]').click();
      await page.locator('[data-test="banned-import-done"]').waitFor();
      assert.match(await page.locator('[data-test="banned-import-done"]').innerText(), /已导入 2 家，发现 1 条疑似搬迁预警/);
      await page.locator('[data-test="banned-import-dialog"] .el-dialog__footer .el-button').click();
      await page.locator('[data-test="banned-total"]', { hasText: `共 ${before + 2} 家` }).waitFor();
      const raised = (await accounts.get('office', '/api/v1/relocation-alerts?status=open&per_page=50')).items.filter((a) => a.banned_name === '开封市龙亭区金明五金加工部');
      assert.equal(raised.length, 1);
      assert.equal(raised[0].enterprise_name, '开封市禹王台区金明机械配件厂');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('(c) a township leader sees only the township’s enterprises and no office buttons', async () => {
    assert.ok(newcomerId, 'needs the enterprise of (a)');
    const { context, page, problems } = await openAs(browser, base, 'leader', accounts.passwords.leader);
    try {
      const mine = (await accounts.get('leader', '/api/v1/enterprises?per_page=200')).items;
      const all = (await accounts.get('office', '/api/v1/enterprises?per_page=200')).items;
      assert.ok(mine.length > 0 && mine.length < all.length, `${mine.length} of ${all.length}`);
      assert.ok(mine.every((e) => !/汪屯|东郊|三里堡|繁塔/.test(e.unit_name)), mine.map((e) => e.unit_name).join(' '));
      await page.goto(`${base}/enterprises`);
      await page.locator('[data-test="enterprise-link"]').first().waitFor();
      const names = await texts(page.locator('[data-test="enterprise-link"]'));
      assert.deepEqual(names.sort(), mine.map((e) => e.name).sort());
      assert.ok(!names.includes(NEWCOMER));
      assert.ok(!names.includes('开封市禹王台区东郊家具加工厂'));
      // A search for another township's enterprise finds nothing.
      await page.locator('input[data-test="enterprises-q"]').fill('宏达');
      await page.locator('[data-test="enterprises-search"]').click();
      await page.waitForURL(/q=/);
      await page.locator('[data-test="enterprises-total"]', { hasText: '共 0 家' }).waitFor();
      await shot(page, 'leader-list-search');
      // Its file by address: not found, as if it did not exist.
      await page.goto(`${base}/enterprises/${newcomerId}`);
      await page.locator('[data-test="enterprise-error"]').waitFor();
      assert.match(await page.locator('[data-test="enterprise-error"]').innerText(), /没有这家企业/);
      problems.length = 0; // that 404 was asked for
      // The banned list reads, without add or import; alerts without verdicts.
      await page.goto(`${base}/banned-enterprises`);
      await page.locator('[data-test="banned-table"] .el-table__body tr').first().waitFor();
      assert.equal(await page.locator('[data-test="banned-add"]').count(), 0);
      assert.equal(await page.locator('[data-test="banned-import"]').count(), 0);
      await page.goto(`${base}/relocation-alerts`);
      await page.locator('[data-test="alerts-total"]').waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.locator('[data-test="relocation-confirm"]').count(), 0);
      const seen = (await accounts.get('leader', '/api/v1/relocation-alerts?per_page=50')).items;
      assert.equal(await page.locator('[data-test="relocation-alert"]').count(), seen.length);
      assert.ok(seen.every((a) => mine.some((e) => e.id === a.enterprise_id)));
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('(d) on a phone the list is cards and the enterprise’s file reads without sideways scrolling', async () => {
    // 金明 gets a 散乱污 ledger row (by 南郊乡's staff) and an inspection (by the office), through the API.
    const jinming = (await accounts.get('staff', '/api/v1/enterprises?q=金明机械')).items[0];
    const row = await apiClient(base, accounts.tokens.staff)('POST', '/api/v1/ledgers/scattered_enterprises/rows', {
      unit_id: jinming.unit_id,
      enterprise_id: jinming.id,
      fields: {
        enterprise_name: jinming.name,
        legal_representative: jinming.legal_rep,
        address: jinming.address,
        industry: '机械加工',
        problem_description: '喷漆工序无废气收集处理设施',
        disposition: 'upgrade',
        deadline: '2018-01-31',
        responsible_person: '李专干',
      },
    });
    const checklist = (await accounts.get('office', '/api/v1/checklists?target=enterprise')).items[0];
    await apiClient(base, accounts.tokens.office)('POST', '/api/v1/inspections', {
      checklist: checklist.name,
      enterprise_id: jinming.id,
      client_key: 'enterprises-browser-test-1',
      person_met: '王金明 厂长',
      items: checklist.items.map((i) => ({ code: i.code, result: 'pass' })),
    });
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await loginAs(page, base, 'staff', accounts.passwords.staff);
      problems.length = 0;
      await page.locator('[data-test="menu-button"]').click();
      await page.locator('[data-test="nav-enterprises"]').click();
      await page.waitForURL(/\/enterprises$/);
      const card = page.locator('[data-test="enterprise-card"]', { hasText: '金明机械配件厂' });
      await card.waitFor();
      assert.equal(await page.locator('[data-test="enterprises-table"]').count(), 0);
      await noSidewaysScroll(page, 'enterprise cards');
      await shot(page, 'phone-list');
      await card.click();
      await page.waitForURL(/\/enterprises\/\d+$/);
      await page.locator('[data-test="enterprise-name"]', { hasText: '金明机械配件厂' }).waitFor();
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      const file = await accounts.get('staff', `/api/v1/enterprises/${id}`);
      assert.deepEqual(file.actions, ['edit', 'file']);
      assert.deepEqual(await texts(page.locator('.head-panel .button-bar .el-button')), ['编辑']);
      assert.equal(file.links.ledger_rows.length, 1);
      assert.equal(file.links.inspections.length, 1);
      const link = page.locator('[data-test="enterprise-ledger-row"]');
      assert.equal(await link.count(), 1);
      assert.equal(await link.getAttribute('href'), `/ledger-rows/${row.id}`);
      assert.match(await link.innerText(), /散乱污/);
      const inspection = page.locator('[data-test="enterprise-inspections"] [data-test="inspection-card"]');
      assert.equal(await inspection.count(), 1);
      assert.match(await inspection.innerText(), /合格/);
      assert.match(await page.locator('[data-test="enterprise-location"]').innerText(), /^\d+\.\d{6}, \d+\.\d{6}$/);
      // A photo of the workshop from the phone's camera, filed on the enterprise.
      await page.locator('input[data-test="enterprise-file-camera"]').setInputFiles({ name: '车间现状.png', mimeType: 'image/png', buffer: makePng(48, 32) });
      await page.locator('[data-test="enterprise-files"] [data-test="ledger-photo"]').waitFor();
      assert.match(await page.locator('[data-test="enterprise-files"] .section-title').innerText(), /（1）/);
      await page.evaluate(() => document.fonts.ready);
      await noSidewaysScroll(page, 'enterprise file');
      await shot(page, 'phone-file');
      await page.locator('[data-test="enterprise-ledger-rows"]').scrollIntoViewIfNeeded();
      await page.waitForTimeout(200);
      await shot(page, 'phone-file-links', false);
      // Editing on a phone: the dialog fills the screen.
      await page.locator('[data-test="enterprise-edit"]').click();
      await page.locator('[data-test="enterprise-dialog"]').waitFor();
      await page.waitForTimeout(400);
      await noSidewaysScroll(page, 'edit dialog');
      await shot(page, 'phone-edit', false);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
