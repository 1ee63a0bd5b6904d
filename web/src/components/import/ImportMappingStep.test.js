import { afterEach, describe, expect, it } from 'vitest';
import { $, $$, mountWithApp } from '../../../tests/helpers.js';
import { columnLetter, duplicateColumns, initialMapping, mappingForServer, missingRequired } from '../../utils/importMapping.js';
import ImportMappingStep from './ImportMappingStep.vue';

const preview = {
  sheets: ['任务清单', '说明'],
  sheet: 0,
  headers: ['序号', '工作任务', '责任单位', '完成时限', '备注'],
  rows: [
    ['1', '取缔“散乱污”企业', '南郊乡', '2017-11-30', ''],
    ['2', '燃煤锅炉拆除', '汪屯乡', '2017-12-15', '含 4 台'],
  ],
  row_count: 35,
  fields: [
    { key: 'code', label_zh: '序号', required: false },
    { key: 'title', label_zh: '工作任务', required: true },
    { key: 'owner_unit', label_zh: '责任单位', required: true },
    { key: 'deadline', label_zh: '完成时限', required: true },
    { key: 'description', label_zh: '工作内容/备注', required: false },
  ],
  // The server's guess; 9 is out of range and must be ignored.
  suggested_mapping: { code: 0, title: 1, owner_unit: 2, description: 9 },
};

describe('import mapping helpers', () => {
  it('prefills from the suggestion, every field present', () => {
    expect(initialMapping(preview)).toEqual({ code: 0, title: 1, owner_unit: 2, deadline: null, description: null });
  });
  it('names required fields without a column and shared columns', () => {
    const m = { code: 0, title: 1, owner_unit: 1, deadline: null, description: null };
    expect(missingRequired(preview.fields, m).map((f) => f.key)).toEqual(['deadline']);
    expect(duplicateColumns(m)).toEqual([1]);
    expect(mappingForServer(m)).toEqual({ code: 0, title: 1, owner_unit: 1 });
  });
  it('letters columns like Excel', () => {
    expect([0, 3, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'D', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('ImportMappingStep', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  async function mountStep(mapping = initialMapping(preview)) {
    return mountWithApp(ImportMappingStep, {
      props: { preview, sheet: 0, modelValue: mapping, 'onUpdate:modelValue': () => {} },
    });
  }

  it('shows the preview with the mapped columns and the suggested choices', async () => {
    const { wrapper } = await mountStep();
    const headerText = $('[data-test="import-preview"] thead').textContent;
    expect(headerText).toContain('→ 工作任务');
    expect(headerText).toContain('→ 责任单位');
    expect($$('[data-test="import-preview"] tbody tr')).toHaveLength(2);
    expect(wrapper.text()).toContain('共 35 行数据');
    // The title select shows the chosen column "B · 工作任务".
    expect(wrapper.find('[data-test="map-title"]').text()).toContain('B · 工作任务');
    expect(wrapper.find('[data-test="map-deadline"]').text()).toContain('不导入');
  });

  it('lists required fields still without a column', async () => {
    const { wrapper } = await mountStep();
    expect(wrapper.find('[data-test="import-missing"]').text()).toContain('完成时限');
    expect(wrapper.find('[data-test="import-missing"]').text()).not.toContain('工作任务');
  });

  it('emits the new mapping when a column is picked and clears the warning', async () => {
    const { wrapper } = await mountStep();
    const select = wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-test') === 'map-select-deadline');
    select.vm.$emit('update:modelValue', 3);
    const emitted = wrapper.emitted('update:modelValue');
    expect(emitted.at(-1)[0]).toEqual({ code: 0, title: 1, owner_unit: 2, deadline: 3, description: null });
    await wrapper.setProps({ modelValue: emitted.at(-1)[0] });
    expect(wrapper.find('[data-test="import-missing"]').exists()).toBe(false);
    expect($('[data-test="import-preview"] thead').textContent).toContain('→ 完成时限');
  });

  it('warns when one column feeds two fields and offers the other sheets', async () => {
    const { wrapper } = await mountStep({ code: 0, title: 1, owner_unit: 1, deadline: 3, description: null });
    expect(wrapper.find('[data-test="import-duplicates"]').text()).toContain('B');
    const sheet = wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-test') === 'import-sheet');
    sheet.vm.$emit('update:modelValue', 1);
    expect(wrapper.emitted('update:sheet')[0]).toEqual([1]);
  });

  it('labels the fields in English when English is chosen', async () => {
    const { wrapper } = await mountWithApp(ImportMappingStep, {
      props: { preview, sheet: 0, modelValue: initialMapping(preview) },
      locale: 'en',
    });
    expect(wrapper.find('[data-test="map-owner_unit"]').text()).toContain('Owner unit');
    expect(wrapper.find('[data-test="import-missing"]').text()).toContain('Deadline');
  });
});
