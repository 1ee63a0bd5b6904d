// End-to-end check of the web app against the real server binary:
// log in, create a village under a township, find it in the tree, take
// screenshots (desktop and a 375px phone), and switch the UI to English.
//
// Run: node --test tests/browser/   (after `npm ci && npm run build` in web/
// and a server build). LANTIAN_BIN overrides the server binary,
// LANTIAN_CHROMIUM the browser. No browser is downloaded: Debian's chromium
// is driven through playwright-core.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, PHONE, launchBrowser, loginAs, screenshot, startServer } from './support.mjs';

const ENGLISH_MENU = ['Dashboard', "Today's supervision", 'Campaigns', 'My tasks', 'Overdue', 'Supervision problems', 'Ledgers', 'Map', 'Air quality', 'Enterprises', 'Inbox', 'Org units', 'Users', 'Audit log', 'Holiday calendar'];
const shot = screenshot;

describe('web app in chromium against the lantian server', () => {
  let server;
  let base;
  let browser;

  before(async () => {
    server = await startServer({ name: 'browser' });
    base = server.base;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it('logs in, creates a village under a township and finds it in the tree', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    try {
      // Anonymous visitors land on the login page.
      await page.goto(`${base}/`);
      await page.waitForURL(/\/login/);
      await page.getByText('用户登录').waitFor();
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'login.png');

      await loginAs(page, base, 'admin', ADMIN_PASSWORD);
      await page.locator('[data-test="nav-units"]').click();
      await page.waitForURL(/\/units$/);

      // Pick a township in the tree (the demo district has 南郊乡).
      const tree = page.locator('[data-test="unit-tree"]');
      await tree.locator('.tree-node', { hasText: '乡镇' }).first().waitFor();
      const township = tree.locator('.tree-node', { hasText: '乡镇' }).first();
      const townshipName = (await township.locator('.tree-node-name').innerText()).trim();
      await township.click();
      await page.locator('[data-test="unit-detail"] .detail-title', { hasText: townshipName }).waitFor();

      // New sub-unit: a village with a random name and a 12-digit code.
      const suffix = String(Date.now()).slice(-6);
      const villageName = `测试村${suffix}`;
      await page.locator('[data-test="unit-new-child"]').click();
      const dialog = page.locator('.el-dialog', { hasText: '新建下级单位' });
      await dialog.waitFor();
      await dialog.locator('input[data-test="unit-name"]').fill(villageName);
      await dialog.locator('[data-test="unit-kind"]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: /^村$/ }).click();
      await dialog.locator('input[data-test="unit-division-code"]').fill(`410205${suffix}`);
      await dialog.locator('[data-test="unit-save"]').click();
      await page.locator('.el-message--success').waitFor();
      await dialog.waitFor({ state: 'hidden' });

      // The detail now shows the new unit under its township.
      const detail = page.locator('[data-test="unit-detail"]');
      await detail.locator('.detail-title', { hasText: villageName }).waitFor();
      assert.match(await detail.innerText(), new RegExp(townshipName));

      // Find it through the tree filter.
      await page.locator('input[data-test="unit-filter"]').fill(villageName);
      const node = tree.locator('.tree-node', { hasText: villageName });
      await node.waitFor({ state: 'visible' });
      assert.equal(await node.isVisible(), true);
      // The filter hides unrelated units (another township's villages).
      assert.equal(await tree.locator('.tree-node:visible', { hasText: '社区' }).count(), 0);
      await shot(page, 'units-tree-new-unit.png');

      // And the server really has it, with the township as parent.
      const res = await page.request.get(`${base}/api/v1/units?q=${encodeURIComponent(villageName)}`);
      assert.equal(res.status(), 200);
      const body = await res.json();
      assert.equal(body.items.length, 1);
      assert.equal(body.items[0].kind, 'village');
      assert.equal(body.items[0].parent_name, townshipName);

      // A phone-width look at the users page with the same session.
      const state = await context.storageState();
      const phone = await browser.newContext({ ...PHONE, locale: 'zh-CN', storageState: state });
      const phonePage = await phone.newPage();
      phonePage.on('pageerror', (err) => pageErrors.push(err.message));
      await phonePage.goto(`${base}/users`);
      // On a phone the users are cards, not a table wider than the screen.
      await phonePage.locator('[data-test="user-card"]').first().waitFor();
      assert.equal(await phonePage.locator('[data-test="users-table"]').count(), 0);
      // The sidebar is a drawer behind the hamburger on phones.
      assert.equal(await phonePage.locator('.app-sidebar').count(), 0);
      assert.equal(await phonePage.locator('[data-test="menu-button"]').isVisible(), true);
      // The page itself must not scroll sideways.
      const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone screen`);
      await phonePage.evaluate(() => document.fonts.ready);
      await shot(phonePage, 'users-phone-375.png');

      await phonePage.locator('[data-test="menu-button"]').click();
      await phonePage.locator('[data-test="nav-drawer"] [data-test="nav-users"]').waitFor({ state: 'visible' });
      await phonePage.waitForTimeout(400); // drawer slide-in animation
      await shot(phonePage, 'users-phone-375-menu.png');
      await phone.close();

      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  it('shows the server reason when an account gets locked', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/login`);
      await page.locator('input[data-test="username"]').fill('viewer');
      const error = page.locator('[data-test="login-error"]');
      // The contract locks after 5 failures; stop at the first 423.
      for (let i = 0; i < 6; i++) {
        await page.locator('input[data-test="password"]').fill(`wrong-${i}`);
        const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
        await page.locator('[data-test="login-submit"]').click();
        if ((await answer).status() === 423) break;
        await error.getByText('用户名或密码错误').first().waitFor();
      }
      await error.getByText('账号已被锁定').waitFor();
      const text = await error.innerText();
      assert.match(text, /锁定至 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, `lock detail not shown: ${text}`);
      await shot(page, 'login-locked.png');
    } finally {
      await context.close();
    }
  });

  it('switches the sidebar to English, remembers the choice, and logs out', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await loginAs(page, base, 'admin', ADMIN_PASSWORD);
      const sidebar = page.locator('[data-test="sidebar"]');
      await sidebar.locator('[data-test="nav-units"]').waitFor();
      const labels = () => sidebar.locator('.el-menu-item').allInnerTexts();
      assert.deepEqual((await labels()).map((s) => s.trim()), [
        '工作台',
        '今日督查',
        '攻坚行动',
        '我的任务',
        '逾期通报',
        '督办问题',
        '台账',
        '一张图',
        '空气质量',
        '企业档案',
        '消息中心',
        '组织机构',
        '用户管理',
        '审计日志',
        '节假日安排',
      ]);

      await page.locator('.app-header [data-test="language-switch"] button').click();
      await page.locator('[data-test="language-en"]:visible').click();
      await sidebar.locator('.el-menu-item', { hasText: 'Org units' }).waitFor();
      assert.deepEqual((await labels()).map((s) => s.trim()), ENGLISH_MENU);

      // Persisted in localStorage: still English after a reload.
      await page.reload();
      await sidebar.locator('.el-menu-item', { hasText: 'Org units' }).waitFor();
      assert.deepEqual((await labels()).map((s) => s.trim()), ENGLISH_MENU);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      await shot(page, 'units-english.png');

      // Sign out from the header menu: back to an English login page.
      await page.locator('.app-header [data-test="user-menu"] button').click();
      await page.locator('[data-test="menu-logout"]:visible').click();
      await page.waitForURL(/\/login/);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      const me = await page.request.get(`${base}/api/v1/auth/me`);
      assert.equal(me.status(), 401, 'the session must be gone after logout');
    } finally {
      await context.close();
    }
  });
});
