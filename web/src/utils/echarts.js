// Only the ECharts parts the app draws (bar charts; the air-quality
// dashboard's lines with a legend), so the bundle stays small; BarChart.vue
// and components/air/AirChart.vue load this module on first use.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export default echarts;
