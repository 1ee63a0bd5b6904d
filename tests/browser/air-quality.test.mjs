// The air-quality dashboard (空气质量) as the web app renders it from the
// server's answers, on the demo as of 2017-12-20 09:00 (7 stations with real
// Kaifeng hours of 2017-12-16…19, the campaign's PM2.5 target):
// (a) 南郊乡's leader opens 空气质量 from the sidebar: the stations on the map
//     as circles in their latest hour's level colour with the AQI inside (the
//     micro station without a recent hour grey), the legend of the server's
//     levels, the district's latest day and the target's progress as the
//     server measured them, no office buttons; a station's popup and its
//     hourly trend; the ranking switched to stations by PM2.5 in the server's
//     order with its ranks;
// (b) the campaign office edits the target: a refused value shows at its
//     field, the saved target's new progress (the server's) is on the card;
// (c) a viewer on a 375×812 phone: one column, the ranking as cards, nothing
//     wider than the phone.
//
// Run: node --test tests/browser/air-quality.test.mjs   (after npm run build
// in web/ and a server build; LANTIAN_BIN overrides the server binary).
// Screenshots: tests/artifacts/browser/air-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, demoAccounts, launchBrowser, loginAs, openAs, screenshot, startServer, watchProblems } from './support.mjs';

const AS_OF = '2017-12-20T09:00:00+08:00';
const NEW_PASSWORD = 'AirQuality#2017ok';
const shot = (page, name, full = true) => screenshot(page, `air-${name}.png`, { fullPage: full });

// '#99004C' → 'rgb(153, 0, 76)', as the browser reports a style's colour.
const rgb = (hex) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
};

describe('air-quality dashboard', () => {
  let server;
  let base;
  let browser;
  let accounts;

  before(async () => {
    server = await startServer({ name: 'air', clockStart: AS_OF });
    base = server.base;
    accounts = demoAccounts(server, NEW_PASSWORD);
    for (const u of ['office', 'leader', 'viewer']) await accounts.prepare(u);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it('(a) a leader sees the stations coloured on the map, the district’s day, the target and switches the ranking', async () => {
    const latest = await accounts.get('leader', '/api/v1/aq/latest');
    const days = await accounts.get('leader', '/api/v1/aq/area-days');
    const { items: targets, can_manage } = await accounts.get('leader', '/api/v1/aq/targets');
    assert.equal(can_manage, false);
    assert.equal(latest.hour, '2017-12-20T09:00:00');

    const { context, page, problems } = await openAs(browser, base, 'leader', accounts.passwords.leader);
    try {
      await page.locator('.el-menu-item', { hasText: '空气质量' }).click();
      await page.waitForURL(/\/air$/);
      await page.locator('[data-test="air-hour"]').getByText('2017-12-20 09:00').waitFor();

      // Every located station is a circle in its latest hour's colour with its AQI.
      const dots = page.locator('[data-test="air-map"] .aq-dot');
      await dots.first().waitFor();
      assert.equal(await dots.count(), latest.items.filter((s) => s.map_location).length);
      for (const s of latest.items) {
        const dot = page.locator(`[data-test="air-map"] .aq-dot[data-station="${s.id}"]`);
        const style = await dot.evaluate((el) => getComputedStyle(el).backgroundColor);
        if (s.latest?.aqi != null) {
          assert.equal(style, rgb(s.latest.colour), `${s.name}'s colour`);
          assert.equal((await dot.innerText()).trim(), String(s.latest.aqi));
        } else {
          assert.equal(style, 'rgb(154, 160, 166)', `${s.name} without a recent hour is grey`);
          assert.equal((await dot.innerText()).trim(), '—');
        }
      }
      assert.ok(latest.items.some((s) => !s.latest), 'the demo has a station without a recent hour');
      // The legend is the server's six levels (and the grey of no data).
      const legend = await page.locator('[data-test="air-legend"] .aq-legend-item').allInnerTexts();
      assert.equal(legend.length, latest.levels.length + 1);
      for (const l of latest.levels) assert.ok(legend.some((x) => x.includes(l.category['zh-CN'])), `legend has ${l.category['zh-CN']}`);

      // The district's latest day with an AQI, in its colour and category.
      const day = [...days.items].reverse().find((d) => d.aqi !== null);
      const dayBox = page.locator('[data-test="air-day-aqi"]');
      assert.match(await dayBox.innerText(), new RegExp(`${day.aqi}\\s+${day.category['zh-CN']}`));
      assert.equal(await dayBox.evaluate((el) => getComputedStyle(el).backgroundColor), rgb(day.colour));
      assert.match(await page.locator('[data-test="air-day-date"]').innerText(), new RegExp(day.date));
      assert.equal(await page.locator('[data-test="air-day-primary"]').innerText(), day.primary);

      // The target's progress as the server measured it; no office buttons.
      const target = targets[0];
      const card = page.locator(`[data-test="air-target"][data-target="${target.id}"]`);
      assert.match(await card.locator('[data-test="air-target-pm25"]').innerText(), new RegExp(`^${target.progress.pm25_to_date}`));
      assert.equal(await card.locator('[data-test="air-target-goal"]').innerText(), String(target.target_pm25));
      const needed = await card.locator('[data-test="air-target-needed"]').innerText();
      assert.ok(target.progress.pm25_reachable ? needed.includes(`${target.progress.pm25_needed} µg/m³`) : needed.includes('已无法达成'), needed);
      assert.match(await card.locator('[data-test="air-target-through"]').innerText(), new RegExp(target.progress.through));
      assert.equal(await page.locator('[data-test="air-target-edit"]').count(), 0);
      assert.equal(await page.locator('[data-test="air-target-add"]').count(), 0);
      await shot(page, 'leader');

      // A station's popup, and its hours in the trend.
      const wangtun = latest.items.find((s) => s.code === 'WT-01');
      await page.locator(`.aq-dot[data-station="${wangtun.id}"]`).click();
      const popup = page.locator('.aq-popup');
      await popup.waitFor();
      const popupText = await popup.innerText();
      for (const part of [wangtun.name, '乡镇站', String(wangtun.latest.aqi), wangtun.latest.category['zh-CN'], `PM2.5 ${wangtun.latest.pm25}`]) assert.ok(popupText.includes(part), `popup has ${part}: ${popupText}`);
      await page.locator('[data-test="air-hourly-note"]').getByText(wangtun.latest.time.slice(0, 10)).waitFor();
      await page.locator('[data-test="air-station-select"]').getByText(wangtun.name).waitFor();
      await page.locator('[data-test="air-hourly-chart"] canvas').waitFor();
      await shot(page, 'leader-station', false);

      // The ranking of stations by PM2.5: the server's order and ranks.
      const ranking = await accounts.get('leader', '/api/v1/aq/rankings?of=stations&by=pm25');
      await page.locator('[data-test="air-rank-of-stations"]').click();
      await page.locator('[data-test="air-rank-by-pm25"]').click();
      const rows = page.locator('[data-test="air-rank-table"] .el-table__body tr');
      await page.waitForFunction((n) => document.querySelectorAll('[data-test="air-rank-table"] .el-table__body tr').length === n, ranking.items.length);
      await page.waitForResponse((r) => r.url().includes('by=pm25')).catch(() => {});
      await page.waitForLoadState('networkidle');
      for (let i = 0; i < ranking.items.length; i++) {
        const item = ranking.items[i];
        const text = await rows.nth(i).innerText();
        assert.ok(text.includes(item.name), `row ${i + 1} is ${item.name}: ${text}`);
        assert.ok(text.startsWith(item.rank === null ? '无排名' : String(item.rank)), `row ${i + 1}'s rank: ${text}`);
      }
      await page.locator('[data-test="air-rankings"]').scrollIntoViewIfNeeded();
      await shot(page, 'leader-ranking', false);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('(b) the office edits the target and sees the new progress', async () => {
    const { context, page } = await openAs(browser, base, 'office', accounts.passwords.office);
    const problems = watchProblems(page, { responses: false, ignoreConsole: /^Failed to load resource/ });
    try {
      await page.goto(`${base}/air`);
      const [before] = (await accounts.get('office', '/api/v1/aq/targets')).items;
      const card = page.locator(`[data-test="air-target"][data-target="${before.id}"]`);
      await card.waitFor();
      await page.locator('[data-test="air-target-add"]').waitFor();
      await card.locator('[data-test="air-target-edit"]').click();
      const dialog = page.locator('[data-test="air-target-dialog"]');
      assert.equal(await dialog.locator('input[data-test="air-target-target_pm25"]').inputValue(), String(before.target_pm25));

      // A value the server refuses shows at its field; nothing is saved.
      await dialog.locator('input[data-test="air-target-target_heavy_days"]').fill('-3');
      await page.locator('[data-test="air-target-save"]').click();
      await dialog.locator('[data-field="target_heavy_days"] .el-form-item__error').waitFor();
      await shot(page, 'office-refused', false);

      await dialog.locator('input[data-test="air-target-target_heavy_days"]').fill(String(before.target_heavy_days));
      await dialog.locator('input[data-test="air-target-target_pm25"]').fill('60');
      await page.locator('[data-test="air-target-save"]').click();
      await dialog.waitFor({ state: 'hidden' });

      const [after] = (await accounts.get('office', '/api/v1/aq/targets')).items;
      assert.equal(after.target_pm25, 60);
      assert.equal(after.version, before.version + 1);
      await card.locator('[data-test="air-target-goal"]').getByText('60').waitFor();
      const needed = await card.locator('[data-test="air-target-needed"]').innerText();
      if (after.progress.pm25_reachable) assert.ok(needed.includes(`${after.progress.pm25_needed} µg/m³`), needed);
      else assert.ok(needed.includes('目标已无法达成'), needed);
      assert.notEqual(after.progress.pm25_needed, before.progress.pm25_needed);
      await shot(page, 'office-edited', false);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('(c) on a phone the dashboard is one column and the ranking cards', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await loginAs(page, base, 'viewer', accounts.passwords.viewer);
      problems.length = 0;
      await page.goto(`${base}/air`);
      await page.locator('[data-test="air-map"] .aq-dot').first().waitFor();
      await page.locator('[data-test="air-rank-card"]').first().waitFor();
      assert.equal(await page.locator('[data-test="air-rank-table"]').count(), 0);
      // One column: the day, the target, the map and the ranking one above the other, full width.
      const boxes = [];
      for (const sel of ['[data-test="air-day"]', '[data-test="air-target"]', '[data-test="air-map"]', '[data-test="air-rankings"]']) boxes.push(await page.locator(sel).first().boundingBox());
      for (let i = 1; i < boxes.length; i++) assert.ok(boxes[i].y >= boxes[i - 1].y + boxes[i - 1].height - 1, `block ${i} below block ${i - 1}`);
      assert.ok(Math.abs(boxes[0].width - boxes[1].width) < 2, 'the day and the target cards are as wide');
      assert.ok(boxes[0].width > 300, 'cards fill the phone');
      const overflow = await page.evaluate(() => {
        const main = document.querySelector('.app-main');
        return Math.max(document.documentElement.scrollWidth - window.innerWidth, main ? main.scrollWidth - main.clientWidth : 0);
      });
      assert.ok(overflow <= 0, `${overflow}px wider than the phone`);
      await shot(page, 'phone');
      await page.locator('[data-test="air-rankings"]').scrollIntoViewIfNeeded();
      await shot(page, 'phone-ranking', false);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
