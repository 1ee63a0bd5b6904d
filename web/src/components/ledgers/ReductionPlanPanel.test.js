import { afterEach, describe, expect, it, vi } from 'vitest';
import { $, $$, mountWithApp, settle } from '../../../tests/helpers.js';
import { emergencyType } from '../../../tests/fixtures/ledgers.js';

vi.mock('../../api/aq.js', () => ({ getReductionPlan: vi.fn() }));
import { getReductionPlan } from '../../api/aq.js';
import ReductionPlanPanel from './ReductionPlanPanel.vue';

const totals = (pollutant, baseline, required, reduction, extra = {}) => ({
  pollutant,
  baseline,
  basis: baseline,
  basis_source: 'list',
  required,
  reduction,
  shortfall: Math.max(0, required - reduction),
  met: reduction >= required,
  rows_missing_baseline: 0,
  ...extra,
});
const level = (code, percent, pollutants) => ({
  level: code,
  required_percent: percent,
  measure_field: `${code}_measure`,
  cut_field: `${code}_cut`,
  met: pollutants.every((p) => p.met),
  pollutants,
});
const row = (id, name, levels, extra = {}) => ({
  id,
  name,
  unit_id: 29,
  unit: '南郊乡',
  status: 'listed',
  counted: true,
  baselines: {},
  levels: ['yellow', 'orange', 'red'].map((l, i) => ({ level: l, ...levels[i] })),
  missing: [],
  ...extra,
});

// As the server answers the demo: VOCs short at red, SO2 measured by the
// district's inventory, one source without baselines.
const plan = {
  ledger_type: 'emergency_reduction_list',
  states: ['listed', 'violating'],
  whole_district: true,
  pollutants: ['so2', 'nox', 'pm', 'vocs'].map((code) => ({ code, field: `baseline_${code}` })),
  levels: [
    level('yellow', 10, [totals('so2', 1.11, 0.111, 0.31), totals('nox', 1.5, 0.15, 0.3), totals('pm', 1.4, 0.14, 0.5), totals('vocs', 1.37, 0.137, 0.097)]),
    level('orange', 20, [totals('so2', 1.11, 0.222, 0.5), totals('nox', 1.5, 0.3, 0.6), totals('pm', 1.4, 0.28, 0.7), totals('vocs', 1.37, 0.274, 0.205)]),
    level('red', 30, [
      totals('so2', 1.11, 30, 0.99, { basis: 100, basis_source: 'inventory', met: false, shortfall: 29.01 }),
      totals('nox', 1.5, 0.45, 1.34),
      totals('pm', 1.4, 0.42, 1.2225, { rows_missing_baseline: 1 }),
      totals('vocs', 1.37, 0.411, 0.31),
    ]),
  ],
  rows: [
    row(11, '红星砖瓦厂', [
      { measure: 'cut_production', cut_percent: 30, reductions: { so2: 0.24, nox: 0.18, pm: 0.15, vocs: 0.015 } },
      { measure: 'cut_production', cut_percent: 50, reductions: { so2: 0.4, nox: 0.3, pm: 0.25, vocs: 0.025 } },
      { measure: 'stop_lines', cut_percent: 100, reductions: { so2: 0.8, nox: 0.6, pm: 0.5, vocs: 0.05 } },
    ]),
    row(
      12,
      '粮油加工厂',
      [
        { measure: 'cut_production', cut_percent: 20, reductions: { so2: null, nox: null, pm: null, vocs: null } },
        { measure: 'cut_production', cut_percent: 30, reductions: { so2: null, nox: null, pm: null, vocs: null } },
        { measure: 'stop_lines', cut_percent: 100, reductions: { so2: null, nox: null, pm: null, vocs: null } },
      ],
      { counted: false, missing: ['baseline_so2', 'baseline_pm'] },
    ),
  ],
  rows_not_counted: 1,
};

const mountPanel = async (props = {}, locale = 'zh-CN') => {
  const m = await mountWithApp(ReductionPlanPanel, { props: { type: emergencyType, ...props }, locale });
  await settle(0);
  return m;
};
const cells = (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/\s+/g, ' ').trim());

describe('ReductionPlanPanel', () => {
  afterEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = '';
  });

  it('opens on the highest level with each pollutant’s totals, the shortfall in red and the basis named', async () => {
    getReductionPlan.mockResolvedValue(plan);
    await mountPanel();
    expect(getReductionPlan).toHaveBeenCalledWith({});
    expect($('[data-test="reduction-scope"]').textContent).toBe('核算范围：全区');
    expect($('[data-test="reduction-levels"] .is-active').textContent).toContain('红色预警');
    expect($$('[data-test="reduction-level-met"]').map((e) => e.textContent)).toEqual(['不足', '不足', '不足']);
    expect($('[data-test="reduction-required"]').textContent).toBe('要求削减 ≥30%');
    const rows = $$('[data-test="reduction-totals"] tbody tr');
    expect(rows).toHaveLength(4);
    expect(cells(rows[0])).toEqual(['SO2', '不足 29.01', '30', '0.99', '1.11', '100 全区排放清单']);
    expect(cells(rows[1])).toEqual(['NOx', '达标', '0.45', '1.34', '1.5', '1.5 清单基准排放量合计']);
    expect(rows[0].querySelector('[data-test="reduction-shortfall"]').classList).toContain('short');
    expect(rows[1].querySelector('[data-test="reduction-shortfall"]').classList).toContain('ok');
    expect(rows[2].querySelector('[data-test="reduction-missing-rows"]').textContent).toBe('1 家缺少该项基准排放量');
    expect(rows[3].textContent).toContain('不足 0.101');
  });

  it('lists the sources carrying the cut at the chosen level, with what each lacks', async () => {
    getReductionPlan.mockResolvedValue(plan);
    await mountPanel();
    expect($('[data-test="reduction-not-counted"]').textContent).toContain('1 家未填基准排放量，未计入核算');
    let sources = $$('[data-test="reduction-sources"] tbody tr');
    expect(cells(sources[0])).toEqual(['红星砖瓦厂', '停产/停止工序', '100%', '0.8', '0.6', '0.5', '0.05', '南郊乡']);
    expect(sources[0].querySelector('[data-test="reduction-source-link"]').getAttribute('href')).toBe('/ledger-rows/11');
    expect(sources[1].querySelector('[data-test="reduction-source-missing"]').textContent).toBe('缺少：SO2基准排放量、颗粒物基准排放量');
    expect(cells(sources[1]).slice(3, 7)).toEqual(['—', '—', '—', '—']);

    $('[data-test="reduction-level-yellow"] input').click();
    await settle(0);
    expect($('[data-test="reduction-required"]').textContent).toBe('要求削减 ≥10%');
    sources = $$('[data-test="reduction-sources"] tbody tr');
    expect(cells(sources[0])).toEqual(['红星砖瓦厂', '限产', '30%', '0.24', '0.18', '0.15', '0.015', '南郊乡']);
    expect(cells($$('[data-test="reduction-totals"] tbody tr')[3])).toEqual(['VOCs', '不足 0.04', '0.137', '0.097', '1.37', '1.37 清单基准排放量合计']);
  });

  it('asks for the list’s unit and speaks English', async () => {
    getReductionPlan.mockResolvedValue({ ...plan, whole_district: false, rows: [], rows_not_counted: 0 });
    await mountPanel({ unitId: 29 }, 'en');
    expect(getReductionPlan).toHaveBeenCalledWith({ unit_id: 29 });
    expect($('[data-test="reduction-scope"]').textContent).toBe('Scope: the chosen unit and below');
    expect(cells($$('[data-test="reduction-totals"] tbody tr')[0])).toEqual(['SO2', 'Short 29.01', '30', '0.99', '1.11', '100 District inventory']);
    expect($('[data-test="reduction-sources"]').textContent).toContain('No sources on the list yet');
    expect($('[data-test="reduction-not-counted"]')).toBeNull();
  });

  it('names each pollutant’s share when the standard asks different ones (the server sends none for the level)', async () => {
    const shares = { so2: 20, nox: 25, pm: 20, vocs: 20 };
    const orange = plan.levels[1];
    const uneven = { ...orange, required_percent: null, pollutants: orange.pollutants.map((p) => ({ ...p, required_percent: shares[p.pollutant] })) };
    getReductionPlan.mockResolvedValue({ ...plan, levels: [uneven] });
    await mountPanel();
    expect($('[data-test="reduction-required"]').textContent).toBe('要求削减：SO2 ≥20%，NOx ≥25%，颗粒物 ≥20%，VOCs ≥20%');
  });

  it('says why when the server refuses', async () => {
    getReductionPlan.mockRejectedValue(Object.assign(new Error('forbidden'), { status: 403, code: 'not_permitted', params: { permission: 'ledgers.read' } }));
    await mountPanel();
    expect($('[data-test="reduction-panel"] .el-alert').textContent.length).toBeGreaterThan(0);
    expect($('[data-test="reduction-totals"]')).toBeNull();
  });
});
