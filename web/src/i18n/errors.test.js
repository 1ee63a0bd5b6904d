// Every error code the server may return (docs/openapi.yaml, ErrorCode) has
// a text in both languages, and no translation names a code that no longer
// exists; a Chinese text uses exactly the parameters of the code.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import en from './errors/en.json';
import zh from './errors/zh-CN.json';
import { createAppI18n } from './index.js';
import english from './english.js';
import { localizeError } from '../utils/errorCodes.js';
import { useWorkflowsStore } from '../stores/workflows.js';
import { fakeGetWorkflow } from '../../tests/fixtures/workflows.js';

vi.mock('../api/workflows.js', () => ({ getWorkflow: vi.fn((name) => fakeGetWorkflow(name)) }));

// Vitest runs in web/.
const doc = readFileSync(resolve(process.cwd(), '../docs/openapi.yaml'), 'utf8');
const block = doc.slice(doc.indexOf('# BEGIN error codes'), doc.indexOf('# END error codes'));
const documented = [...block.matchAll(/^\s*- ([a-z0-9_]+)\s+#[^{:]*(?:\{([^}]*)\})?/gm)].map((m) => ({
  code: m[1],
  params: (m[2] || '').split(',').map((s) => s.trim()).filter(Boolean),
}));
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('error code translations', () => {
  it('reads the documented codes', () => {
    expect(documented.length).toBeGreaterThan(100);
  });
  for (const [name, table] of [['zh-CN', zh], ['en', en]]) {
    it(`${name} translates every documented code`, () => {
      const missing = documented.filter((d) => !table[d.code]).map((d) => d.code);
      expect(missing).toEqual([]);
    });
    it(`${name} has no code the server does not document`, () => {
      const known = new Set(documented.map((d) => d.code));
      expect(Object.keys(table).filter((k) => !k.startsWith('_') && !known.has(k))).toEqual([]);
    });
    it(`${name} uses only the parameters a code has`, () => {
      const wrong = documented
        .filter((d) => table[d.code] && placeholders(table[d.code]).some((p) => !d.params.includes(p)))
        .map((d) => d.code);
      expect(wrong).toEqual([]);
    });
  }
  it('renders a coded field error in Chinese with its parameters and place', async () => {
    setActivePinia(createPinia());
    // States and actions are named as the server's workflow definition labels them.
    await useWorkflowsStore().load('task');
    const i18n = createAppI18n('zh-CN').global;
    expect(localizeError(i18n, { code: 'too_long', params: { max: '40' }, message: 'x' })).toBe('最多 40 个字');
    expect(
      localizeError(i18n, { code: 'bad_day_kind', params: { line: '3', column: '12' }, message: 'x' }),
    ).toBe('第 3 行第 12 列：须为“休”或“班”');
    expect(localizeError(i18n, { code: 'action_not_allowed', params: { action: 'accept', status: 'returned' } })).toBe(
      '任务当前为“已退回”，不能“验收通过”',
    );
    expect(
      localizeError(createAppI18n('en', { en: english }).global, { code: 'action_not_allowed', params: { action: 'accept', status: 'returned' } }),
    ).toBe('Accept is not possible while the task is Returned');
    // Unknown codes show the server's words rather than nothing.
    expect(localizeError(i18n, { code: 'from_the_future', message: 'new words' })).toBe('new words');
  });
});
