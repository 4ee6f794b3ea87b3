import { BarChart, FunnelChart, LineChart, LinesChart, MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { api, mustAs } from '../api/client';

// Only the parts the console draws, so the chart chunk stays small; loaded by the screens that chart.
echarts.use([
  BarChart,
  FunnelChart,
  LineChart,
  LinesChart,
  MapChart,
  ScatterChart,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };

let provinceMap: Promise<void> | undefined;

/** The province's county shapes, registered once as the map "province". */
export function provinceMapReady(): Promise<void> {
  provinceMap ??= mustAs<object>(api.GET('/reports/map/shapes')).then((shapes) =>
    echarts.registerMap('province', shapes as Parameters<typeof echarts.registerMap>[1]),
  );
  return provinceMap;
}
