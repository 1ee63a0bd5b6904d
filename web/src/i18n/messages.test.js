import { describe, expect, it } from 'vitest';
import zhCN from './zh-CN.js';
import en from './en.js';
import enterprises from './enterprises.js';
import problems from './problems.js';
import air from './air.js';
import reduction from './reduction.js';

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('translations', () => {
  it('Chinese and English have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });
  it('the enterprise module’s texts have the same keys in both languages, none the app’s own', () => {
    expect(keys(enterprises.en).sort()).toEqual(keys(enterprises['zh-CN']).sort());
    for (const section of Object.keys(enterprises['zh-CN'])) expect(zhCN[section]).toBeUndefined();
  });
  it('the problem module’s texts have the same keys in both languages, none the app’s own', () => {
    expect(keys(problems.en).sort()).toEqual(keys(problems['zh-CN']).sort());
    for (const section of Object.keys(problems['zh-CN'])) {
      expect(zhCN[section]).toBeUndefined();
      expect(enterprises['zh-CN'][section]).toBeUndefined();
    }
  });
  it('the reduction panel’s texts have the same keys in both languages, none the app’s own', () => {
    expect(keys(reduction.en).sort()).toEqual(keys(reduction['zh-CN']).sort());
    for (const section of Object.keys(reduction['zh-CN'])) expect(zhCN[section]).toBeUndefined();
  });
  it('the air-quality module’s texts have the same keys in both languages, none another’s', () => {
    expect(keys(air.en).sort()).toEqual(keys(air['zh-CN']).sort());
    for (const section of Object.keys(air['zh-CN'])) {
      expect(zhCN[section]).toBeUndefined();
      expect(enterprises['zh-CN'][section]).toBeUndefined();
      expect(problems['zh-CN'][section]).toBeUndefined();
    }
  });
  it('label every unit kind and role in both languages', () => {
    for (const messages of [zhCN, en]) {
      expect(Object.keys(messages.unitKind)).toHaveLength(9);
      expect(Object.keys(messages.roles)).toHaveLength(6);
    }
    expect(zhCN.unitKind.street_office).toBe('街道办事处');
    expect(zhCN.roles.viewer).toBe('领导（只读）');
  });
});
