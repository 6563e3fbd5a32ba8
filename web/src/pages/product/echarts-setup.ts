// Only what the price chart uses, registered once: the line chart, its axes, tooltip, legend and band, on a
// canvas. This module is imported dynamically by the chart, so ECharts is a chunk of its own that only the
// product page downloads.
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
