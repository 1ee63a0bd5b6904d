import { describe, expect, it } from 'vitest';
import { answered, answersFor, dataUrlFile, inOrder, inspectionFiles, inspectionPayload, itemLabel, newClientKey } from './inspections.js';

const checklist = {
  name: 'construction_six',
  items: [
    { code: 'fencing', label: { 'zh-CN': '施工现场围挡百分之百', en: 'Site fully fenced' } },
    { code: 'covering', label: { 'zh-CN': '物料堆放覆盖百分之百', en: 'Stockpiles fully covered' } },
    { code: 'wet_demolition', label: { 'zh-CN': '拆迁工地湿法作业百分之百', en: 'Wet methods on demolition' } },
  ],
};

describe('inspection helpers', () => {
  it('makes a v4 client key with or without crypto.randomUUID', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newClientKey()).toMatch(uuid);
    const plainHttp = { getRandomValues: (b) => b.fill(0xff) };
    expect(newClientKey(plainHttp)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(newClientKey({})).toMatch(uuid);
  });

  it('keeps an answer per item of the checklist and counts those given', () => {
    const answers = answersFor(checklist, { covering: { result: 'fail', note: '未覆盖', open_problem: true }, gone: { result: 'pass' } });
    expect(Object.keys(answers)).toEqual(['fencing', 'covering', 'wet_demolition']);
    expect(answers.covering).toEqual({ result: 'fail', note: '未覆盖', open_problem: true });
    expect(answers.fencing).toEqual({ result: '', note: '', open_problem: false });
    expect(answered(answers)).toEqual({ done: 1, total: 3 });
  });

  it('sends the answered items, open_problem only where failed, and what else was given', () => {
    const model = {
      checklist: 'construction_six',
      answers: {
        fencing: { result: 'pass', note: ' ', open_problem: true },
        covering: { result: 'fail', note: ' 东侧未覆盖 ', open_problem: true },
        wet_demolition: { result: '', note: '', open_problem: false },
      },
      person_met: ' 王经理 ',
      note: '',
      location: { lng: 114.3655, lat: 34.7612, datum: 'wgs84', accuracy: 12 },
    };
    expect(inspectionPayload(model, { ledgerRowId: 7, clientKey: 'k' })).toEqual({
      checklist: 'construction_six',
      ledger_row_id: 7,
      client_key: 'k',
      items: [
        { code: 'fencing', result: 'pass', note: '', open_problem: false },
        { code: 'covering', result: 'fail', note: '东侧未覆盖', open_problem: true },
      ],
      person_met: '王经理',
      location: { lng: 114.3655, lat: 34.7612, datum: 'wgs84' },
    });
    expect(inspectionPayload({ ...model, location: null }, { ledgerRowId: 7, clientKey: 'k' }).location).toBeUndefined();
    // An enterprise's inspection names the enterprise instead.
    const mine = inspectionPayload(model, { enterpriseId: 3, clientKey: 'k' });
    expect(mine.enterprise_id).toBe(3);
    expect('ledger_row_id' in mine).toBe(false);
  });

  it('labels and orders a record’s items by its checklist, and sorts its files', () => {
    expect(itemLabel(checklist, 'covering', 'en')).toBe('Stockpiles fully covered');
    expect(itemLabel(checklist, 'other', 'en')).toBe('other');
    expect(inOrder(checklist, [{ code: 'wet_demolition' }, { code: 'other' }, { code: 'fencing' }]).map((i) => i.code)).toEqual(['fencing', 'wet_demolition', 'other']);
    const files = inspectionFiles([{ id: 1, kind: 'photo' }, { id: 2, kind: 'signature' }, { id: 3, kind: 'signature' }]);
    expect(files.photos.map((f) => f.id)).toEqual([1]);
    expect(files.signature.id).toBe(3);
    expect(inspectionFiles([]).signature).toBeNull();
  });

  it('turns a drawn signature into a PNG file', async () => {
    const f = dataUrlFile('data:image/png;base64,iVBORw0KGgo=', 'signature.png');
    expect(f.name).toBe('signature.png');
    expect(f.type).toBe('image/png');
    expect([...new Uint8Array(await f.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
