// The supervision problem loop (督办问题闭环) as its people meet it, on the
// demo as of 2017-12-20:
//  1. the campaign office (desktop) registers a construction-dust problem at
//     a site (its place typed), then a second one 60 m away: the form first
//     shows the open problem it may duplicate, with a link, and the second
//     press registers it anyway; its page shows the warning again;
//  2. the office assigns the first to 南郊乡 with a deadline of 5 working
//     days (the 党政同责 leaders filled from the unit);
//  3. 南郊乡 staff on a phone accepts it, starts rectifying and reports with
//     a photo from the camera;
//  4. the office names itself verifier;
//  5. the verifier on a phone (position granted) finds it on 今日督查, opens
//     现场核查, sees the reported photo marked (no camera data), takes a
//     photo, passes it: closed;
//  6. the history shows every step, and the page the look-back's due date
//     (the look-back itself waits for the server's timer), its printable
//     notice and report, the problem on 一张图; the list searched for the site
//     shows both problems, also on its map.
// Screenshots: tests/artifacts/browser/problem-*.png.
//
// Run: node --test tests/browser/problem-loop.test.mjs (after npm run build
// in web/; LANTIAN_BIN names the server binary).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, PHONE, demoAccounts, launchBrowser, loginAs, makePng, openAs, screenshot, startServer, watchProblems } from './support.mjs';

const AS_OF = '2017-12-20T09:00:00+08:00';
const NEW_PASSWORD = 'Problem#2017ok';
const TITLE = '南郊村安置房工地东侧约300平方米裸土未覆盖';
const SECOND = '南郊村安置房工地北门车辆带泥上路';
// The site (WGS-84), and where the verifier's phone says it stands.
const SITE = { lng: 114.3655, lat: 34.7612 };
const NEAR = { lng: 114.3662, lat: 34.7612 }; // ≈ 64 m east
const HERE = { latitude: 34.76125, longitude: 114.36552 };
const shot = (page, name, full = true) => screenshot(page, `problem-${name}.png`, { fullPage: full });
// A section of a page (the app scrolls inside its main area, so a full-page shot stops at the fold).
const shotOf = (locator, name) => locator.screenshot({ path: path.join(ARTIFACTS, `problem-${name}.png`) });

// A 48×32 photo: grey sky over covered (green netting) ground.
const covered = (_x, y) => (y < 14 ? [185, 190, 196] : [52, 128, 72]);

describe('the supervision problem loop', () => {
  let server;
  let base;
  let browser;
  let accounts;
  let problemId;

  before(async () => {
    server = await startServer({ name: 'problems', clockStart: AS_OF });
    base = server.base;
    accounts = demoAccounts(server, NEW_PASSWORD);
    for (const u of ['office', 'staff']) await accounts.prepare(u);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  const texts = async (locator) => (await locator.allInnerTexts()).map((s) => s.trim());
  async function choose(page, scope, text) {
    await page.locator(`${scope} .el-select__wrapper`).first().click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
  }
  async function pickUnit(page, scope, name) {
    await page.locator(`${scope} .el-select__wrapper`).first().click();
    await page.locator(`${scope} input`).first().fill(name);
    await page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: name }).first().click();
  }
  async function fillProblem(page, { title, at }) {
    await page.locator('[data-test="problem-register"]').click();
    const dialog = page.locator('[data-test="problem-register-dialog"]');
    await dialog.waitFor();
    await choose(page, '[data-field="source"]', '区督导组');
    await choose(page, '[data-field="problem_type"]', '施工扬尘');
    await page.locator('input[data-test="problem-title"]').fill(title);
    await page.locator('textarea[data-test="problem-description"]').fill('督导组巡查发现：工地东侧土方裸露，未按要求覆盖，大风天气扬尘明显。');
    await page.locator('textarea[data-test="problem-standard"]').fill('裸露土方全部覆盖；出入口车辆冲洗设施正常使用');
    await page.locator('input[data-test="problem-address"]').fill('禹王台区南郊乡南郊村东');
    await page.locator('[data-test="ledger-lng"] input').fill(String(at.lng));
    await page.locator('[data-test="ledger-lat"] input').fill(String(at.lat));
    return dialog;
  }
  // A move through its dialog: the button, then what `fill` enters, then the dialog's save.
  async function act(page, action, fill = async () => {}) {
    await page.locator(`[data-test="problem-action-${action}"]`).click();
    await page.locator('[data-test="problem-action-dialog"]').waitFor();
    await fill();
    const moved = page.waitForResponse((r) => r.url().includes(`/actions/${action}`) && r.request().method() === 'POST');
    await page.locator('[data-test="problem-action-save"]').click();
    const res = await moved;
    assert.equal(res.status(), 200, `${action}: ${await res.text()}`);
    await page.locator('[data-test="problem-action-dialog"]').waitFor({ state: 'hidden' });
    return res.json();
  }
  const state = (page) => page.locator('.head-panel [data-test="workflow-status"]').getAttribute('data-state');

  it('registers, assigns, rectifies, verifies on a phone and closes a problem; the history shows every step', async () => {
    // 1. The office registers the problem, then a second one close by.
    const office = await openAs(browser, base, 'office', accounts.passwords.office);
    let page = office.page;
    // The demo's problems are there already.
    const before = (await accounts.get('office', '/api/v1/problems?per_page=1')).total;
    await page.locator('[data-test="nav-problems"]').click();
    await page.waitForURL(/\/problems$/);
    await page.locator('[data-test="problem-total"]', { hasText: `共 ${before} 个` }).waitFor();
    await fillProblem(page, { title: TITLE, at: SITE });
    await shot(page, '1-register', false);
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/problems') && r.request().method() === 'POST');
    await page.locator('[data-test="problem-register-save"]').click();
    const first = await (await created).json();
    await page.waitForURL(/\/problems\/\d+$/);
    problemId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.equal(problemId, first.id);
    await page.locator('[data-test="problem-title"]', { hasText: TITLE }).waitFor();
    // Numbered in its source's style, the next of the year.
    assert.match(first.number, /^禹攻坚督〔2017〕\d+号$/);
    assert.equal((await page.locator('[data-test="problem-number"]').innerText()).trim(), first.number);
    assert.equal(await state(page), 'registered');
    assert.deepEqual(await texts(page.locator('.head-panel .button-bar .el-button')), ['交办', '合并重复问题', '不予受理']);
    assert.equal(await page.locator('[data-test="problem-duplicates"]').count(), 0);

    await page.locator('[data-test="nav-problems"]').click();
    await page.locator('[data-test="problem-link"]', { hasText: TITLE }).waitFor();
    await fillProblem(page, { title: SECOND, at: NEAR });
    await page.locator('[data-test="problem-register-save"]').click();
    // Before saving: the open problem it may duplicate, linked, and the button says so.
    const warning = page.locator('[data-test="problem-register-dialog"] [data-test="problem-duplicate"]');
    await warning.waitFor();
    assert.match(await warning.innerText(), new RegExp(first.number));
    assert.match(await warning.locator('[data-test="problem-duplicate-reason"]').innerText(), /同类问题，相距约 6\d 米/);
    assert.equal(await warning.locator('a').getAttribute('href'), `/problems/${problemId}`);
    assert.equal((await page.locator('[data-test="problem-register-save"]').innerText()).trim(), '仍然登记');
    await page.waitForTimeout(300);
    await shot(page, '2-duplicate-warning', false);
    await page.locator('[data-test="problem-register-save"]').click();
    await page.waitForURL((url) => /\/problems\/\d+$/.test(url.pathname) && !url.pathname.endsWith(`/${problemId}`));
    await page.locator('[data-test="problem-title"]', { hasText: SECOND }).waitFor();
    // After saving: the warnings the registration gave, on the new problem's page.
    assert.match(await page.locator('[data-test="problem-duplicates"]').innerText(), new RegExp(`登记时发现 1 个可能重复的在办问题[\\s\\S]*${first.number}`));
    await shot(page, '3-registered-with-warning', false);

    // 2. The first is assigned to 南郊乡, 5 working days.
    await page.goto(`${base}/problems/${problemId}`);
    await page.locator('[data-test="problem-title"]', { hasText: TITLE }).waitFor();
    await act(page, 'assign', async () => {
      await pickUnit(page, '[data-field="unit_id"]', '南郊乡');
      // The unit's 党政同责 leaders, filled in from the unit.
      await page.waitForFunction(() => document.querySelector('input[data-test="problem-action-leader-party"]')?.value);
      assert.equal(await page.locator('input[data-test="problem-action-leader-party"]').inputValue(), '南郊乡党委书记（示例）');
      assert.equal(await page.locator('input[data-test="problem-action-leader-government"]').inputValue(), '南郊乡行政负责人（示例）');
      await choose(page, '[data-field="person_id"]', '南郊乡工作人员');
      await page.locator('[data-test="problem-action-deadline-working_days"]').click();
      await page.locator('[data-test="problem-action-deadline-days"] input').fill('5');
      await page.waitForTimeout(200);
      await shot(page, '4-assign', false);
    });
    await page.locator('.head-panel [data-test="workflow-status"][data-state="assigned"]').waitFor();
    // 12-21, 22, 25, 26, 27: the weekend does not count.
    assert.match(await page.locator('.head-panel [data-test="problem-deadline"]').innerText(), /2017-12-27/);
    assert.equal((await page.locator('[data-test="problem-unit"]').innerText()).trim(), '南郊乡');
    assert.equal((await page.locator('[data-test="problem-person"]').innerText()).trim(), '南郊乡工作人员');
    assert.equal((await page.locator('[data-test="problem-leader-party"]').innerText()).trim(), '南郊乡党委书记（示例）');
    await shot(page, '5-assigned');
    assert.deepEqual(office.problems, []);

    // 3. 南郊乡 staff on a phone: accept, start, report with a photo.
    const staff = await openAs(browser, base, 'staff', accounts.passwords.staff, { phone: true });
    page = staff.page;
    await page.goto(`${base}/problems`);
    const card = page.locator('[data-test="problem-card"]', { hasText: TITLE });
    await card.waitFor();
    await shot(page, '6-staff-phone-list', false);
    await card.click();
    await page.waitForURL(new RegExp(`/problems/${problemId}$`));
    await page.locator('[data-test="problem-title"]', { hasText: TITLE }).waitFor();
    assert.deepEqual(await texts(page.locator('.head-panel .button-bar .el-button')), ['签收', '退回（交办有误）']);
    await shot(page, '7-staff-phone-problem', false);
    await act(page, 'accept');
    await page.locator('.head-panel [data-test="workflow-status"][data-state="accepted"]').waitFor();
    await act(page, 'start');
    await page.locator('.head-panel [data-test="workflow-status"][data-state="rectifying"]').waitFor();
    await act(page, 'report', async () => {
      await page.locator('textarea[data-test="problem-action-note"]').fill('东侧裸土已全部用防尘网覆盖，出入口冲洗设施已恢复使用。');
      await page.locator('input[data-test="problem-action-evidence-camera"]').setInputFiles({ name: '覆盖后.png', mimeType: 'image/png', buffer: makePng(48, 32, covered) });
      await page.locator('[data-test="problem-action-evidence-item"][data-status="done"]').waitFor();
      await shot(page, '8-staff-phone-report', false);
    });
    await page.locator('.head-panel [data-test="workflow-status"][data-state="reported"]').waitFor();
    assert.equal(await page.locator('[data-test="problem-photo"]').count(), 1);
    assert.deepEqual(staff.problems, []);
    await staff.context.close();

    // 4. The office names itself verifier.
    page = office.page;
    await page.reload();
    await page.locator('.head-panel [data-test="workflow-status"][data-state="reported"]').waitFor();
    // The reported photo, marked for the verifier: a PNG has no camera data.
    await page.locator('[data-test="problem-photo"][data-flagged="true"] [data-test="photo-mark-no_exif"]').waitFor();
    await act(page, 'assign_verifier', async () => {
      await choose(page, '[data-field="verifier_id"]', '（本人）');
    });
    await page.locator('.head-panel [data-test="workflow-status"][data-state="verifying"]').waitFor();
    assert.equal((await page.locator('[data-test="problem-verifier"]').innerText()).trim(), '攻坚办值班员');
    await page.locator('[data-test="problem-verify-link"]').waitFor();
    await shot(page, '9-verifying');
    assert.deepEqual(office.problems, []);

    // 5. The verifier on a phone, on the site: 现场核查.
    const phone = await browser.newContext({ ...PHONE, locale: 'zh-CN', geolocation: HERE, permissions: ['geolocation'] });
    const vpage = await phone.newPage();
    const vproblems = watchProblems(vpage);
    await loginAs(vpage, base, 'office', accounts.passwords.office);
    vproblems.length = 0;
    // 今日督查 lists what waits for this verifier (the demo has one more).
    const mine = (await accounts.get('office', '/api/v1/problems?mine=true&status=verifying')).total;
    assert.ok(mine >= 1);
    await vpage.goto(`${base}/inspector`);
    const waiting = vpage.locator('[data-test="inspector-verify-item"]', { hasText: TITLE });
    await waiting.waitFor();
    assert.equal((await vpage.locator('[data-test="inspector-verify"] .section-title').innerText()).trim(), `待我核查（${mine}）`);
    await shot(vpage, '10-inspector-phone', false);
    await waiting.locator('[data-test="inspector-verify-go"]').click();
    await vpage.waitForURL(new RegExp(`/problems/${problemId}/verify$`));
    await vpage.locator('[data-test="verify-title"]', { hasText: TITLE }).waitFor();
    assert.match(await vpage.locator('[data-test="verify-standard"]').innerText(), /裸露土方全部覆盖/);
    await vpage.locator('[data-test="verify-reported"] [data-test="photo-mark-no_exif"]').waitFor();
    // The phone's position, asked for on opening.
    await vpage.locator('[data-test="verify-location-text"]').waitFor();
    assert.equal((await vpage.locator('[data-test="verify-location-text"]').innerText()).trim(), '114.365520, 34.761250');
    assert.match(await vpage.locator('[data-test="verify-pass_verification"]').getAttribute('class'), /is-active/);
    await shot(vpage, '11-verify-phone-start', false);
    await vpage.locator('input[data-test="verify-photo-camera"]').setInputFiles({ name: '核查.png', mimeType: 'image/png', buffer: makePng(48, 32, covered) });
    await vpage.locator('[data-test="verify-photo-item"][data-status="done"]').waitFor();
    await vpage.locator('textarea[data-test="verify-note"]').fill('现场核查：裸土已全部覆盖，冲洗设施正常。');
    await shot(vpage, '12-verify-phone-filled');
    await vpage.locator('[data-test="verify-submit"]').click();
    await vpage.waitForURL(new RegExp(`/problems/${problemId}$`));
    await vpage.locator('.head-panel [data-test="workflow-status"][data-state="closed"]').waitFor();
    await shot(vpage, '13-closed-phone', false);
    assert.deepEqual(vproblems, []);
    await phone.close();

    // 6. The history shows every step; the look-back falls due 15 days on (construction dust).
    await page.reload();
    await page.locator('.head-panel [data-test="workflow-status"][data-state="closed"]').waitFor();
    const history = page.locator('[data-test="problem-history"] [data-test="workflow-event-action"]');
    await history.nth(6).waitFor();
    assert.deepEqual(await texts(history), ['创建', '交办', '签收', '开始整改', '报送整改情况', '指派核查人', '核查通过（销号）']);
    const notes = await texts(page.locator('[data-test="problem-history"] [data-test="workflow-event-note"]'));
    assert.ok(notes.some((n) => /防尘网覆盖/.test(n)));
    assert.ok(notes.some((n) => /冲洗设施正常/.test(n)));
    assert.equal(await page.locator('[data-test="problem-history"] [data-test="workflow-evidence-thumb"]').count(), 2);
    assert.match(await page.locator('[data-test="problem-lookback-due"]').innerText(), /回头看：2018-01-04 到期/);
    assert.equal((await page.locator('[data-test="problem-lookback-date"]').innerText()).trim(), '2018-01-04');
    await shot(page, '14-closed');
    await shotOf(page.locator('[data-test="problem-evidence"]'), '14-closed-evidence');
    await shotOf(page.locator('[data-test="problem-history"]'), '14-closed-history');

    // The printable notice and report, and the problem on 一张图 (the server's problems layer).
    assert.equal(await page.locator('[data-test="problem-document-notice-pdf"]').getAttribute('href'), `/api/v1/problems/${problemId}/documents/notice.pdf`);
    const pdf = await page.request.get(`${base}/api/v1/problems/${problemId}/documents/report.pdf`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    await page.locator('[data-test="problem-map-link"]').click();
    await page.waitForURL(/\/map\?layers=problems&focus=/);
    const popup = page.locator('[data-test="map-popup"]', { hasText: TITLE });
    await popup.waitFor();
    await page.waitForTimeout(300);
    await shot(page, '15-on-the-map', false);
    await popup.locator('[data-test="map-popup-link"]').click();
    await page.waitForURL(new RegExp(`/problems/${problemId}$`));

    // The list, searched for the site: the first closed, the second still registered.
    await page.goto(`${base}/problems`);
    await page.locator('[data-test="problem-link"]', { hasText: SECOND }).waitFor();
    await page.locator('input[data-test="problem-filter-q"]').fill('南郊村安置房工地');
    await page.locator('input[data-test="problem-filter-q"]').press('Enter');
    await page.waitForURL(/q=/);
    const rows = page.locator('[data-test="problem-table"] .el-table__body tr');
    await page.locator('[data-test="problem-total"]', { hasText: '共 2 个' }).waitFor();
    assert.equal(await rows.count(), 2);
    assert.deepEqual(await texts(page.locator('[data-test="problem-table"] [data-test="workflow-status"]')), ['已登记', '已销号']);
    await shot(page, '16-list', false);
    // …and on the map, each in its state's colour.
    await page.locator('[data-test="problem-view-map"]').click();
    await page.waitForURL(/view=map/);
    await page.locator('.problem-marker').nth(1).waitFor();
    assert.equal(await page.locator('.problem-marker').count(), 2);
    assert.match(await page.locator('[data-test="problem-map-summary"]').innerText(), /地图上 2 个/);
    await page.locator('.problem-marker').first().click();
    await page.locator('[data-test="problem-popup"]').waitFor();
    await page.waitForTimeout(300);
    await shot(page, '17-list-map', false);
    assert.deepEqual(office.problems, []);
    await office.context.close();
  });
});
