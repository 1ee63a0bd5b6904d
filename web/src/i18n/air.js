// The air-quality dashboard's texts (空气质量), loaded with its page rather
// than with the app's first screen (this file is no part of the eagerly
// loaded `app` chunk, see vite.config.js): the page and its components call
// useAirI18n() instead of useI18n(), which merges them into the app's
// messages once per i18n instance. The sidebar's label stays in zh-CN.js /
// en.js. Categories of the AQI levels are the server's ({zh-CN, en}), not
// texts of this file. Both languages have the same keys (messages.test.js).
import { useI18n } from 'vue-i18n';

const merged = new WeakSet();

/** The app's composer (useI18n()) with the module's texts merged in. */
export function useAirI18n() {
  const composer = useI18n({ useScope: 'global' });
  if (!merged.has(composer)) {
    for (const [locale, texts] of Object.entries(messages)) composer.mergeLocaleMessage(locale, texts);
    merged.add(composer);
  }
  return composer;
}

const messages = {
  'zh-CN': {
    air: {
      title: '空气质量',
      hour: '数据截至 {time}（最近整点）',
      refresh: '刷新',
      district: '{unit} 日空气质量',
      dayOf: '{date} 日均',
      primary: '首要污染物：',
      noDays: '近 30 天暂无日数据',
      noDayAqi: '有效数据不足，无日 AQI',
      laterWithout: '{dates} 有效数据不足，无日 AQI',
      kinds: { national: '国控站', provincial: '省控站', township: '乡镇站', micro: '微站', enterprise: '企业在线监测' },
      map: {
        title: '站点实时',
        hour: '{time} 时',
        noRecentHour: '近 24 小时无数据',
        noData: '无近期数据',
        unlocated: '{n} 个站点未标注位置，地图上不显示',
        failed: '地图加载失败',
      },
      hourly: {
        title: '站点小时趋势',
        note: '截至 {time} 的 {n} 小时（点击地图上的站点切换）',
        noRecent: '近 24 小时无数据，显示最近 {n} 小时',
        empty: '该时段无小时数据',
      },
      daily: { title: '{unit} 逐日 AQI', note: '{from} 至 {to}，柱色为当日级别' },
      rankings: {
        title: '排名',
        units: '乡镇街道',
        stations: '站点',
        by: { composite: '综合指数', pm25: 'PM2.5', pm10: 'PM10' },
        from: '开始日期',
        to: '结束日期',
        empty: '该时段无数据',
        unranked: '无排名',
        rank: '排名',
        name: '名称',
        goodDays: '优良天数',
        heavyDays: '重污染天数',
        days: '有效天数',
        note: '统计时段 {from} 至 {to}，数值越小越好；缺少该项数值的不参与排名',
      },
      targets: {
        none: '尚未设定空气质量目标',
        add: '设定目标',
        addTitle: '设定空气质量目标',
        editTitle: '修改目标：{name}',
        edit: '修改',
        pm25ToDate: 'PM2.5 累计均值',
        target: '目标',
        baseline: '基准',
        change: '较基准',
        needed: '剩余 {days} 天均值须不高于 {value} µg/m³',
        outOfReach: '目标已无法达成',
        onTrack: '进度达标',
        offTrack: '进度落后',
        heavySoFar: '重污染 {n} 天',
        heavyTarget: '目标不超过 {n} 天',
        heavyLeft: '余 {n} 天',
        through: '统计至 {date}（已过 {elapsed}/{total} 天，PM2.5 有效 {days} 天，{stations} 个站点）',
        daysUnit: '天',
        fields: {
          name: '名称',
          unit_id: '区域',
          period: '考核期',
          period_from: '开始日期',
          period_to: '结束日期',
          baseline_pm25: 'PM2.5 基准',
          target_pm25: 'PM2.5 目标',
          baseline_heavy_days: '重污染天数基准',
          target_heavy_days: '重污染天数目标',
        },
      },
    },
  },
  en: {
    air: {
      title: 'Air quality',
      hour: 'Data up to {time} (last full hour)',
      refresh: 'Refresh',
      district: '{unit}: daily air quality',
      dayOf: 'Day of {date}',
      primary: 'Primary pollutant: ',
      noDays: 'No daily data in the past 30 days',
      noDayAqi: 'Too few valid hours: no daily AQI',
      laterWithout: '{dates}: too few valid hours, no daily AQI',
      kinds: { national: 'National site', provincial: 'Provincial site', township: 'Township station', micro: 'Micro station', enterprise: 'Enterprise monitor' },
      map: {
        title: 'Stations now',
        hour: 'Hour ending {time}',
        noRecentHour: 'No data in the past 24 hours',
        noData: 'No recent data',
        unlocated: '{n} station(s) without a location are not on the map',
        failed: 'The map could not be loaded',
      },
      hourly: {
        title: 'Station hourly trend',
        note: '{n} hours up to {time} (click a station on the map to switch)',
        noRecent: 'No data in the past 24 hours; the last {n} hours',
        empty: 'No hourly data in this period',
      },
      daily: { title: '{unit}: daily AQI', note: "{from} to {to}; bars in each day's level colour" },
      rankings: {
        title: 'Rankings',
        units: 'Townships',
        stations: 'Stations',
        by: { composite: 'Composite index', pm25: 'PM2.5', pm10: 'PM10' },
        from: 'From',
        to: 'To',
        empty: 'No data in this period',
        unranked: 'Unranked',
        rank: 'Rank',
        name: 'Name',
        goodDays: 'Good days',
        heavyDays: 'Heavy days',
        days: 'Valid days',
        note: 'Period {from} to {to}; lower is better; without the value, not ranked',
      },
      targets: {
        none: 'No air-quality target set yet',
        add: 'Set a target',
        addTitle: 'Set an air-quality target',
        editTitle: 'Change target: {name}',
        edit: 'Edit',
        pm25ToDate: 'PM2.5 mean to date',
        target: 'Target',
        baseline: 'baseline',
        change: 'Change from baseline',
        needed: 'The remaining {days} days must average at most {value} µg/m³',
        outOfReach: 'Target out of reach',
        onTrack: 'On track',
        offTrack: 'Behind',
        heavySoFar: '{n} heavy day(s)',
        heavyTarget: 'target at most {n}',
        heavyLeft: '{n} left',
        through: 'Through {date} ({elapsed}/{total} days gone, {days} day(s) with PM2.5, {stations} station(s))',
        daysUnit: 'days',
        fields: {
          name: 'Name',
          unit_id: 'Area',
          period: 'Period',
          period_from: 'From',
          period_to: 'To',
          baseline_pm25: 'PM2.5 baseline',
          target_pm25: 'PM2.5 target',
          baseline_heavy_days: 'Heavy days baseline',
          target_heavy_days: 'Heavy days target',
        },
      },
    },
  },
};

export default messages;
