// The emergency reduction list's panel (应急减排核算, components/ledgers/
// ReductionPlanPanel.vue), loaded with it. Both languages have the same keys
// (messages.test.js). Measures and field names are the ledger type's labels.
import { useModuleI18n } from './module.js';

export const useReductionI18n = () => useModuleI18n(messages);

const messages = {
  'zh-CN': {
    reduction: {
      title: '减排核算',
      levels: { yellow: '黄色预警', orange: '橙色预警', red: '红色预警' },
      pollutants: { so2: 'SO2', nox: 'NOx', pm: '颗粒物', vocs: 'VOCs' },
      met: '达标',
      short: '不足',
      requiredShare: '要求削减 ≥{percent}%',
      requiredShares: '要求削减：{shares}',
      basisInventory: '全区排放清单',
      basisList: '清单基准排放量合计',
      columns: {
        pollutant: '污染物',
        baseline: '清单基准排放量（t/d）',
        basis: '核算基数（t/d）',
        required: '要求减排量（t/d）',
        reduction: '清单减排量（t/d）',
        shortfall: '缺口（t/d）',
        source: '企业（污染源）',
        unit: '责任单位',
        measure: '措施',
        cut: '减排比例',
      },
      missingRows: '{n} 家缺少该项基准排放量',
      sources: '承担减排的污染源（{level}）',
      notCounted: '{n} 家未填基准排放量，未计入核算',
      missing: '缺少：{fields}',
      noRows: '清单中暂无已纳入的污染源',
      scope: '核算范围：{scope}',
      scopeDistrict: '全区',
      scopeChosen: '所选单位及下级',
      scopeOwn: '本单位及下级',
    },
  },
  en: {
    reduction: {
      title: 'Reductions',
      levels: { yellow: 'Yellow alert', orange: 'Orange alert', red: 'Red alert' },
      pollutants: { so2: 'SO2', nox: 'NOx', pm: 'PM', vocs: 'VOCs' },
      met: 'Met',
      short: 'Short',
      requiredShare: 'Cut ≥{percent}% required',
      requiredShares: 'Cuts required: {shares}',
      basisInventory: 'District inventory',
      basisList: 'Baselines on the list',
      columns: {
        pollutant: 'Pollutant',
        baseline: 'Baselines on the list (t/d)',
        basis: 'Basis (t/d)',
        required: 'Required (t/d)',
        reduction: 'Reduction (t/d)',
        shortfall: 'Shortfall (t/d)',
        source: 'Enterprise (source)',
        unit: 'Responsible unit',
        measure: 'Measure',
        cut: 'Cut',
      },
      missingRows: '{n} without this baseline',
      sources: 'Sources carrying the cut ({level})',
      notCounted: '{n} without any baseline, not counted',
      missing: 'Missing: {fields}',
      noRows: 'No sources on the list yet',
      scope: 'Scope: {scope}',
      scopeDistrict: 'the whole district',
      scopeChosen: 'the chosen unit and below',
      scopeOwn: 'your unit and below',
    },
  },
};

export default messages;
