// The work-area catalogue (src/core/work_areas.cpp): codes in plan order.
// Names come from the server (they may be edited); English names from i18n.
export const WORK_AREA_CODES = [
  'scattered_polluting',
  'small_boilers',
  'clean_heating',
  'industrial_treatment',
  'elimination_relocation',
  'emission_permits',
  'vocs',
  'industrial_dust',
  'gas_stations',
  'construction_dust',
  'staggered_production',
  'heavy_pollution_emergency',
  'inspection_rectification',
  'regional_action_plans',
  'materials',
];

// The area's name in the UI language: the server's (Chinese) name, or the
// catalogue's English name when English is chosen and the code is known.
export function workAreaName(t, locale, area) {
  if (!area) return '';
  if (locale === 'en' && area.code && WORK_AREA_CODES.includes(area.code)) return t(`workAreas.${area.code}`);
  return area.name || '';
}
