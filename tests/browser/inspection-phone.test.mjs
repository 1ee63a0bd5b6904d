// A field inspection (现场检查) on a phone, on the demo as of 2017-12-20:
// 南郊乡 staff has registered a construction site (through the API, in the
// setup); the demo `inspector` (督导组) on a 375×812 phone opens the site's
// row, starts 现场检查 and goes through the six 100 % checklist the server has
// for construction sites — one item failed with its note and a supervision
// problem asked for (its note is required: the server says so at the item
// first), one not applicable — with the phone's position, a photo
// from the camera and the signature of the site manager drawn on the screen.
// On the way: a reload keeps everything typed (the draft), the first submit's
// answer is lost on the wire and the second submit gets the same record (one
// inspection, by its client_key), the photo's first upload fails and is
// retried on its own. The inspection's page then shows the items, the photo,
// the signature and the place; the row's page lists the inspection.
//
// Run: node --test tests/browser/inspection-phone.test.mjs   (after npm run
// build in web/ and a server build; LANTIAN_BIN overrides the server binary).
// Screenshots: tests/artifacts/browser/inspection-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, apiClient, demoAccounts, launchBrowser, loginAs, makePng, screenshot, startServer, unitFinder, watchProblems } from './support.mjs';

const AS_OF = '2017-12-20T09:00:00+08:00';
const NEW_PASSWORD = 'Inspect#2017ok';
const SITE = '南郊乡安置房二期工程';
// On the site (WGS-84), where the phone says it is.
const HERE = { latitude: 34.7612, longitude: 114.3655 };
const shot = (page, name, full = true) => screenshot(page, `inspection-${name}.png`, { fullPage: full });

// A 48×32 photo: grey sky over an uncovered brown stockpile.
const stockpile = (x, y) => (y > 14 && Math.abs(x - 24) < y - 10 ? [150, 110, 70] : y < 16 ? [180, 185, 190] : [120, 120, 110]);

describe('construction-site inspection on a phone', () => {
  let server;
  let base;
  let browser;
  let accounts;
  let rowId;
  let checklist;

  before(async () => {
    server = await startServer({ name: 'inspection', clockStart: AS_OF });
    base = server.base;
    accounts = demoAccounts(server, NEW_PASSWORD);
    await accounts.prepare('staff');
    await accounts.prepare('inspector');
    // The site, registered by 南郊乡 staff.
    const api = apiClient(base, accounts.tokens.staff);
    const unitOf = await unitFinder(api);
    const row = await api('POST', '/api/v1/ledgers/construction_sites/rows', {
      unit_id: unitOf((u) => u.name === '南郊乡', '南郊乡'),
      location: { lng: 114.3651, lat: 34.7609, datum: 'wgs84' },
      fields: {
        project_name: SITE,
        project_type: 'building',
        address: '南郊乡南郊村东',
        builder: '开封市禹王台区城投公司',
        contractor: '河南省某建设集团有限公司',
        site_manager: '王经理',
        contact_phone: '13803780000',
      },
    });
    rowId = row.id;
    checklist = (await accounts.get('inspector', '/api/v1/checklists?target=construction_sites')).items[0];
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it('the inspector files a six-100% inspection with a failed item, a photo and a signature; the row shows it', async () => {
    assert.equal(checklist.name, 'construction_six');
    const zh = (l) => l['zh-CN'];
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', geolocation: HERE, permissions: ['geolocation'] });
    await context.addInitScript(() => window.localStorage.setItem('lantian.locale', 'zh-CN'));
    const page = await context.newPage();
    // The lost answer and the failed upload are provoked below: answers are not problems here.
    const problems = watchProblems(page, { responses: false, ignoreConsole: /^Failed to load resource/ });
    try {
      await loginAs(page, base, 'inspector', accounts.passwords.inspector);

      // The site's row, from its ledger's cards.
      await page.goto(`${base}/ledgers/construction_sites`);
      await page.locator('[data-test="ledger-row-card"]', { hasText: SITE }).click();
      await page.waitForURL(new RegExp(`/ledger-rows/${rowId}$`));
      const section = page.locator('[data-test="ledger-row-inspections"]');
      await section.locator('.section-title', { hasText: '检查（0）' }).waitFor();
      assert.match(await section.innerText(), /暂无检查记录/);
      await page.locator('[data-test="ledger-row-inspect"]').click();
      await page.waitForURL(new RegExp(`/ledger-rows/${rowId}/inspect$`));

      // The checklist the server has for construction sites, every item.
      await page.locator('[data-test="inspection-target"]', { hasText: SITE }).waitFor();
      const items = page.locator('[data-test^="inspection-item-"]');
      // The checklist arrives after the record it is for: wait for its items.
      await items.nth(checklist.items.length - 1).waitFor();
      assert.equal(await items.count(), checklist.items.length);
      assert.match(await items.first().innerText(), new RegExp(zh(checklist.items[0].label)));
      // The phone's position, asked for on opening.
      await page.locator('[data-test="inspection-location-text"]').waitFor();
      assert.equal((await page.locator('[data-test="inspection-location-text"]').innerText()).trim(), '114.365500, 34.761200');
      await shot(page, 'phone-start', false);

      // Answers: all pass but stockpile covering (fail) and wet demolition (n/a).
      for (const item of checklist.items) {
        const result = item.code === 'covering' ? 'fail' : item.code === 'wet_demolition' ? 'not_applicable' : 'pass';
        await page.locator(`[data-test="inspection-${item.code}-${result}"]`).click();
      }
      assert.equal((await page.locator('[data-test="inspection-progress"]').innerText()).trim(), `已检查 6 / 6 项`);
      // A failed item without its note: the server refuses, and says so at that item.
      await page.locator('[data-test="inspection-submit"]').click();
      const noteError = page.locator('.el-form-item[data-field="items[covering].note"] .el-form-item__error');
      await noteError.waitFor();
      assert.match(await noteError.innerText(), /必填/);
      await shot(page, 'phone-note-required', false);
      await page.locator('textarea[data-test="inspection-note-covering"]').fill('东侧土方约 300 平方米未覆盖');
      await page.locator('[data-test="inspection-problem-covering"]').click();
      // Answered again, the item no longer shows the server's complaint.
      await noteError.waitFor({ state: 'detached' });
      await page.locator('input[data-test="inspection-person"]').fill('王经理 项目负责人');
      await page.locator('[data-test="inspection-item-covering"]').scrollIntoViewIfNeeded();
      await shot(page, 'phone-failed-item', false);

      // A reload loses nothing typed: the draft comes back.
      await page.waitForTimeout(300);
      await page.reload();
      await page.locator('[data-test="inspection-restored"]').waitFor();
      assert.equal(await page.locator('textarea[data-test="inspection-note-covering"]').inputValue(), '东侧土方约 300 平方米未覆盖');
      assert.equal(await page.locator('input[data-test="inspection-person"]').inputValue(), '王经理 项目负责人');
      assert.equal(await page.locator('[data-test="inspection-covering-fail"]').getAttribute('class').then((c) => /is-active/.test(c)), true);

      // A photo from the camera: it waits for the record.
      await page.locator('input[data-test="inspection-photo-camera"]').setInputFiles({ name: '东侧土方.png', mimeType: 'image/png', buffer: makePng(48, 32, stockpile) });
      await page.locator('[data-test="inspection-photo-item"][data-status="waiting"]').waitFor();

      // The site manager signs on the screen.
      const pad = page.locator('[data-test="inspection-signature-canvas"]');
      await pad.scrollIntoViewIfNeeded();
      const box = await pad.boundingBox();
      await page.mouse.move(box.x + 30, box.y + 120);
      await page.mouse.down();
      for (const [x, y] of [[60, 60], [90, 130], [120, 70], [150, 120], [190, 80], [230, 110]]) await page.mouse.move(box.x + x, box.y + y, { steps: 6 });
      await page.mouse.up();
      await page.locator('[data-test="inspection-signature-clear"]').waitFor();
      const inked = await pad.evaluate((c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let dark = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 100) dark++;
        return dark;
      });
      assert.ok(inked > 100, `the signature left ${inked} dark pixels`);
      await page.locator('textarea[data-test="inspection-overall-note"]').fill('责令立即覆盖裸露土方');
      await shot(page, 'phone-filled');

      // A poor connection: the first submit reaches the server but its answer is lost.
      let posts = 0;
      await page.route('**/api/v1/inspections', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        posts += 1;
        if (posts === 1) {
          await route.fetch();
          return route.abort('connectionreset');
        }
        return route.continue();
      });
      // …and the photo's first upload fails.
      let photoTries = 0;
      await page.route('**/api/v1/inspections/*/files?*', (route) => {
        const kind = new URL(route.request().url()).searchParams.get('kind');
        if (kind === 'photo' && ++photoTries === 1) return route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"status":503,"code":"unavailable"}' });
        return route.continue();
      });
      await page.locator('[data-test="inspection-submit"]').click();
      await page.locator('[data-test="inspection-error"]').waitFor();
      assert.match(await page.locator('[data-test="inspection-error"]').innerText(), /无法连接服务器/);
      await shot(page, 'phone-lost-answer', false);
      const filed = page.waitForResponse((r) => r.url().endsWith('/api/v1/inspections') && r.request().method() === 'POST');
      await page.locator('[data-test="inspection-submit"]').click();
      // The same key: the server answers with the record the first submit made.
      assert.equal((await filed).status(), 200);
      const record = await (await filed).json();

      // Then the signature and the photo (retried), and the inspection's page.
      await page.waitForURL(new RegExp(`/inspections/${record.id}$`), { timeout: 20000 });
      assert.equal(photoTries, 2);
      assert.equal(posts, 2);
      await page.locator('[data-test="inspection-title"]', { hasText: SITE }).waitFor();
      assert.equal((await page.locator('.head [data-test="inspection-result"]').innerText()).trim(), '不合格');
      const failed = page.locator('[data-test="inspection-item-covering"]');
      assert.match(await failed.innerText(), /不合格/);
      assert.match(await failed.locator('[data-test="inspection-item-note"]').innerText(), /300 平方米未覆盖/);
      // The server opened the supervision problem the failed item asked for; it links there.
      assert.match(await failed.locator('[data-test="inspection-item-problem"]').innerText(), /已立督办问题 #\d+/);
      assert.match(await failed.locator('[data-test="inspection-item-problem-link"]').getAttribute('href'), /^\/problems\/\d+$/);
      assert.match(await page.locator('[data-test="inspection-item-wet_demolition"]').innerText(), /不适用/);
      assert.equal((await page.locator('[data-test="inspection-person-met"]').innerText()).trim(), '王经理 项目负责人');
      assert.equal((await page.locator('[data-test="inspection-location"]').innerText()).trim(), '114.365500, 34.761200');
      await page.locator('[data-test="ledger-photo-thumb"] img').waitFor();
      assert.equal(await page.locator('[data-test="ledger-photo"]').count(), 1);
      const signature = page.locator('[data-test="inspection-signature-image"]');
      await signature.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('[data-test="inspection-signature-image"]')?.naturalWidth > 0);
      assert.equal(await page.evaluate((k) => localStorage.getItem(k), `lantian.draft.inspection.${record.inspector.id}.${rowId}`), null);
      await page.evaluate(() => document.querySelector('.app-main').scrollTo(0, 0));
      await shot(page, 'phone-record');
      await signature.scrollIntoViewIfNeeded();
      await shot(page, 'phone-record-signature', false);

      // One inspection on the server, with its photo and signature.
      const mine = await accounts.get('inspector', `/api/v1/inspections?ledger_row_id=${rowId}`);
      assert.equal(mine.total, 1);
      const full = await accounts.get('inspector', `/api/v1/inspections/${record.id}`);
      assert.deepEqual(full.files.map((f) => f.kind).sort(), ['photo', 'signature']);
      assert.equal(full.items.find((i) => i.code === 'covering').open_problem, true);

      // The row's page lists it.
      await page.locator('[data-test="inspection-row-link"]').click();
      await page.waitForURL(new RegExp(`/ledger-rows/${rowId}$`));
      await section.locator('.section-title', { hasText: '检查（1）' }).waitFor();
      const card = section.locator('[data-test="inspection-card"]');
      assert.equal(await card.count(), 1);
      assert.match(await card.innerText(), /不合格/);
      assert.match(await card.innerText(), /督导组检查员/);
      await section.scrollIntoViewIfNeeded();
      await shot(page, 'phone-row', false);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }

    // 南郊乡 staff sees it on the site's row too, and opens it.
    const desk = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const p = await desk.newPage();
    const deskProblems = watchProblems(p);
    try {
      await loginAs(p, base, 'staff', accounts.passwords.staff);
      deskProblems.length = 0;
      await p.goto(`${base}/ledger-rows/${rowId}`);
      const card = p.locator('[data-test="inspection-card"]');
      await card.waitFor();
      // Not an inspector: no 现场检查.
      assert.equal(await p.locator('[data-test="ledger-row-inspect"]').count(), 0);
      await card.click();
      await p.locator('[data-test="inspection-items"]').waitFor();
      await p.waitForFunction(() => document.querySelector('[data-test="inspection-signature-image"]')?.naturalWidth > 0);
      await shot(p, 'desktop-record');
      assert.deepEqual(deskProblems, []);
    } finally {
      await desk.close();
    }
  });
});
