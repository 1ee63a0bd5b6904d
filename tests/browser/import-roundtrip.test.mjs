// Export → edit → re-import in the browser (issue 8, point 3): the office
// downloads the import template, exports the task ledger from the task tree,
// the test edits the exported workbook (two cells changed, one row added),
// uploads it in the import wizard and sees "新增 1 项 / 修改 2 项 / 未变 1 项"
// with the field changes, imports, and the campaign has no task twice (and
// the root numbered 1.8 is still a root). Then import errors are shown by
// code: in Chinese in the Chinese UI, in English in the English UI.
//
// web/node_modules has no .xlsx library, so the few lines below read the
// export (zip + sheet XML) and write the edited workbook (stored zip, inline
// strings) with node:zlib only.
//
// Run: LANTIAN_BIN=$PWD/build/lantian node --test tests/browser/import-roundtrip.test.mjs
// Screenshots: tests/artifacts/browser/import-roundtrip-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { ADMIN_PASSWORD, apiClient, apiLogin, launchBrowser, loginAs, screenshot, startServer, unitFinder, watchProblems } from './support.mjs';

const shot = (page, name) => screenshot(page, name, { fullPage: true });

// ---- a minimal .xlsx reader and writer -------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// name -> Buffer, from the central directory.
function unzip(buf) {
  const files = {};
  let eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + size);
    files[name] = method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8');
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const unescapeXml = (s) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colIndex = (letters) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
const colLetters = (i) => (i < 26 ? String.fromCharCode(65 + i) : colLetters(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

// The first sheet as rows of strings (numbers as written, shared strings resolved).
function readSheet(buf) {
  const files = unzip(buf);
  const strings = [];
  const sst = files['xl/sharedStrings.xml']?.toString('utf8') || '';
  for (const si of sst.matchAll(/<si>([\s\S]*?)<\/si>/g)) {
    strings.push(unescapeXml([...si[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((m) => m[1]).join('')));
  }
  const xml = files['xl/worksheets/sheet1.xml'].toString('utf8');
  const rows = [];
  for (const c of xml.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [, letters, rowNo, attrs, inner = ''] = c;
    const v = /<v>([\s\S]*?)<\/v>/.exec(inner);
    let value = '';
    if (/t="s"/.test(attrs) && v) value = strings[Number(v[1])];
    else if (/t="inlineStr"/.test(attrs)) value = unescapeXml((/<t[^>]*>([\s\S]*?)<\/t>/.exec(inner) || [])[1] || '');
    else if (v) value = unescapeXml(v[1]);
    const r = Number(rowNo) - 1;
    while (rows.length <= r) rows.push([]);
    rows[r][colIndex(letters)] = value;
  }
  return rows.map((r) => Array.from(r, (x) => x ?? ''));
}

// Excel's serial day -> "YYYY-MM-DD" (1900 system).
const serialToDate = (s) => new Date(Math.round((Number(s) - 25569) * 86400000)).toISOString().slice(0, 10);

// A one-sheet workbook of text cells (numbers as numbers).
function writeWorkbook(rows) {
  const cell = (v, r, c) => {
    if (v === '' || v === undefined) return '';
    const ref = `${colLetters(c)}${r + 1}`;
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    return `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(String(v))}</t></is></c>`;
  };
  const sheetData = rows.map((row, r) => `<row r="${r + 1}">${row.map((v, c) => cell(v, r, c)).join('')}</row>`).join('');
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const pkg = 'http://schemas.openxmlformats.org/package/2006/relationships';
  return zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ],
    ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${pkg}"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="任务台账" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${pkg}"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${main}"><sheetData>${sheetData}</sheetData></worksheet>`],
  ]);
}

// ---- the test ----------------------------------------------------------------

describe('export, edit and re-import the task ledger', () => {
  let server;
  let base;
  let browser;
  let api;
  let campaignId;
  let nanjiao;

  const campaignTasks = async () => (await api('GET', `/api/v1/tasks?per_page=200&campaign_id=${campaignId}`)).items;

  before(async () => {
    server = await startServer({ name: 'import', clockStart: '2017-12-20T09:00:00+08:00' });
    base = server.base;
    api = apiClient(base, (await apiLogin(base, 'admin', ADMIN_PASSWORD)).token);
    const unitOf = await unitFinder(api);
    nanjiao = unitOf((u) => u.name === '南郊乡', '南郊乡');
    const campaign = await api('POST', '/api/v1/campaigns', {
      name: '回导测试行动',
      start_date: '2017-10-01',
      end_date: '2018-03-31',
      status: 'active',
      jurisdiction_unit_id: unitOf((u) => u.kind === 'district_government', 'district government'),
      office_unit_id: unitOf((u) => u.kind === 'campaign_office', '区攻坚办'),
    });
    campaignId = campaign.id;
    // Three roots, one of them numbered 1.8 (a root, not a child of 1).
    for (const [code, title, deadline] of [
      ['1', '散煤清零（回导）', '2018-02-28'],
      ['1.8', '道路扬尘治理（回导）', '2018-03-15'],
      ['2', '燃煤小锅炉淘汰（回导）', '2018-01-31'],
    ]) {
      await api('POST', '/api/v1/tasks', { campaign_id: campaignId, code, title, owner_unit_id: nanjiao, deadline });
    }
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  async function loginPage(localeName) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchProblems(page, { responses: false });
    await page.goto(`${base}/login`);
    await page.evaluate((l) => window.localStorage.setItem('lantian.locale', l), localeName);
    await loginAs(page, base, 'admin', ADMIN_PASSWORD);
    problems.length = 0; // the login page's own 401 (who am I?) is expected
    return { context, page, problems };
  }

  async function uploadAndValidate(page, name, buffer, mappingShot) {
    await page.goto(`${base}/campaigns/${campaignId}/import`);
    await page.locator('input[data-test="import-file"]').setInputFiles({
      name,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await page.locator('[data-test="import-validate"]').waitFor();
    if (mappingShot) {
      await page.evaluate(() => document.fonts.ready);
      await shot(page, mappingShot);
    }
    await page.locator('[data-test="import-validate"]').click();
    await page.locator('[data-test="import-summary"]').waitFor();
  }

  it('downloads the template, exports, re-imports an edited ledger without duplicates', async () => {
    const { context, page, problems } = await loginPage('zh-CN');
    try {
      // 下载导入模板: an .xlsx.
      await page.goto(`${base}/campaigns/${campaignId}/import`);
      const templateLink = page.locator('[data-test="import-template"]');
      assert.match(await templateLink.innerText(), /下载导入模板/);
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'import-roundtrip-pick.png');
      const [templateDownload] = await Promise.all([page.waitForEvent('download'), templateLink.click()]);
      assert.match(templateDownload.suggestedFilename(), /\.xlsx$/);
      const template = fs.readFileSync(await templateDownload.path());
      assert.equal(template.subarray(0, 2).toString('latin1'), 'PK', 'the template is a zip (xlsx)');
      assert.deepEqual(readSheet(template)[0].slice(0, 3), ['序号', '重点领域', '*工作任务']);

      // 导出台账 from the task tree.
      await page.goto(`${base}/campaigns/${campaignId}/tasks`);
      const exportLink = page.locator('[data-test="tasks-export"]');
      await exportLink.waitFor();
      const [exportDownload] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
      assert.match(exportDownload.suggestedFilename(), /\.xlsx$/);
      const rows = readSheet(fs.readFileSync(await exportDownload.path()));
      const header = rows[0];
      const col = (h) => {
        const i = header.indexOf(h);
        assert.ok(i >= 0, `no column ${h} in ${header.join(',')}`);
        return i;
      };
      const idCol = col('任务ID（请勿修改）');
      assert.equal(rows.length, 4, 'a header and three tasks');
      // Dates come as Excel serials: write them back as text dates.
      for (const h of ['开始时间', '完成时限']) {
        const c = col(h);
        for (const r of rows.slice(1)) if (r[c]) r[c] = serialToDate(r[c]);
      }
      // The edit: a new deadline for 1, a new title for 2, one row added.
      const byCode = (code) => rows.find((r) => r[col('序号')] === code);
      byCode('1')[col('完成时限')] = '2018-02-20';
      byCode('2')[col('工作任务')] = '燃煤小锅炉全部淘汰（回导）';
      const added = header.map(() => '');
      added[col('序号')] = '3';
      added[col('工作任务')] = '新增：餐饮油烟治理（回导）';
      added[col('责任单位')] = '南郊乡';
      added[col('完成时限')] = '2018-03-31';
      rows.push(added);
      for (const r of rows.slice(1)) r[idCol] = r[idCol] ? Number(r[idCol]) : '';
      const edited = writeWorkbook(rows);

      await uploadAndValidate(page, '任务台账-修改.xlsx', edited, 'import-roundtrip-mapping.png');
      const diff = page.locator('[data-test="import-diff"]');
      await diff.waitFor();
      assert.equal((await diff.innerText()).trim(), '新增 1 项 / 修改 2 项 / 未变 1 项');
      const changes = page.locator('[data-test="import-changes"]');
      const changeText = await changes.innerText();
      assert.match(changeText, /完成时限/);
      assert.match(changeText, /2018-02-28\s*→\s*2018-02-20/);
      assert.match(changeText, /工作任务/);
      assert.match(changeText, /燃煤小锅炉淘汰（回导）\s*→\s*燃煤小锅炉全部淘汰（回导）/);
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'import-roundtrip-preview.png');

      await page.locator('[data-test="import-all"]').click();
      const result = page.locator('[data-test="import-result"]');
      await result.waitFor();
      assert.match(await result.innerText(), /已导入 1 项任务/);
      assert.match(await result.innerText(), /已更新 2 项任务/);
      await shot(page, 'import-roundtrip-done.png');

      // No duplicates; 1.8 still a root; the edits landed.
      const tasks = await campaignTasks();
      assert.equal(tasks.length, 4, tasks.map((t) => t.title).join(', '));
      assert.equal(new Set(tasks.map((t) => t.title)).size, 4);
      const t18 = tasks.find((t) => t.code === '1.8');
      assert.equal(t18.parent_id, null);
      assert.equal(tasks.find((t) => t.code === '1').deadline, '2018-02-20');
      assert.ok(tasks.find((t) => t.title === '燃煤小锅炉全部淘汰（回导）'));

      // The tree shows four roots, none twice.
      await page.goto(`${base}/campaigns/${campaignId}/tasks`);
      await page.getByText('新增：餐饮油烟治理（回导）').first().waitFor();
      for (const title of ['散煤清零（回导）', '道路扬尘治理（回导）', '燃煤小锅炉全部淘汰（回导）']) {
        assert.equal(await page.getByText(title, { exact: true }).count(), 1, title);
      }
      await page.evaluate(() => document.fonts.ready);
      await shot(page, 'import-roundtrip-tree.png');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  // A row naming a unit that does not exist and a date that is not one.
  const badPlan = () =>
    writeWorkbook([
      ['序号', '工作任务', '责任单位', '完成时限'],
      ['9', '错误示例', '不存在的单位', '下个月'],
    ]);

  it('shows import row errors in Chinese in the Chinese UI', async () => {
    const { context, page, problems } = await loginPage('zh-CN');
    try {
      await uploadAndValidate(page, '错误.xlsx', badPlan());
      const reasons = (await page.locator('[data-test="import-reason"]').allInnerTexts()).join('\n');
      assert.match(reasons, /没有名为“不存在的单位”的单位/);
      assert.match(reasons, /须为日期/);
      assert.doesNotMatch(reasons, /there is no unit|not a date/);
      await shot(page, 'import-roundtrip-errors-zh.png');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('shows import row errors in English in the English UI', async () => {
    const { context, page, problems } = await loginPage('en');
    try {
      await uploadAndValidate(page, 'errors.xlsx', badPlan());
      const reasons = (await page.locator('[data-test="import-reason"]').allInnerTexts()).join('\n');
      assert.match(reasons, /there is no unit named "不存在的单位"/i);
      assert.match(reasons, /date/i);
      assert.doesNotMatch(reasons, /没有名为|须为日期/);
      assert.match(await page.locator('[data-test="import-template"]').count().then(String), /0/);
      await shot(page, 'import-roundtrip-errors-en.png');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
