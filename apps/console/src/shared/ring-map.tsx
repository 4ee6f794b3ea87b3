import { useEffect, useRef } from 'react';
import { echarts, provinceMapReady } from './echarts';

export interface RingDraft {
  radiusKm?: number;
  wholeTarget?: boolean;
  afterMinutes: number;
}

const EARTH_KM = 6371;

/** A circle of `radiusKm` around the point, as lon/lat points (the destination-point formula). */
function circle(latitude: number, longitude: number, radiusKm: number): Array<[number, number]> {
  const lat = (latitude * Math.PI) / 180;
  const lon = (longitude * Math.PI) / 180;
  const angular = radiusKm / EARTH_KM;
  return Array.from({ length: 73 }, (_, index) => {
    const bearing = (index * 5 * Math.PI) / 180;
    const pointLat = Math.asin(Math.sin(lat) * Math.cos(angular) + Math.cos(lat) * Math.sin(angular) * Math.cos(bearing));
    const pointLon =
      lon + Math.atan2(Math.sin(bearing) * Math.sin(angular) * Math.cos(lat), Math.cos(angular) - Math.sin(lat) * Math.sin(pointLat));
    return [(pointLon * 180) / Math.PI, (pointLat * 180) / Math.PI];
  });
}

const RING_COLOURS = ['#dc2626', '#ea580c', '#ca8a04', '#2563eb'];

/** The province with the rings drawn as circles; a click sets the centre. */
export function RingMap(props: {
  latitude?: number;
  longitude?: number;
  steps: RingDraft[];
  onPick: (point: { latitude: number; longitude: number }) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(props.onPick);
  pick.current = props.onPick;

  useEffect(() => {
    let disposed = false;
    void provinceMapReady().then(() => {
      if (disposed || !element.current) return;
      chart.current = echarts.init(element.current);
      chart.current.getZr().on('click', (event: { offsetX: number; offsetY: number }) => {
        const point = chart.current?.convertFromPixel({ geoIndex: 0 }, [event.offsetX, event.offsetY]) as number[] | undefined;
        if (point) pick.current({ longitude: Math.round(point[0] * 10_000) / 10_000, latitude: Math.round(point[1] * 10_000) / 10_000 });
      });
      draw();
    });
    return () => {
      disposed = true;
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  function draw() {
    if (!chart.current) return;
    const { latitude, longitude, steps } = props;
    const centred = latitude !== undefined && longitude !== undefined;
    chart.current.setOption(
      {
        geo: { map: 'province', roam: true, itemStyle: { areaColor: '#eef2f7', borderColor: '#9aa7b8' }, emphasis: { disabled: true } },
        series: [
          {
            type: 'lines',
            coordinateSystem: 'geo',
            polyline: true,
            silent: true,
            data: centred
              ? steps
                  .filter((step) => !step.wholeTarget && step.radiusKm)
                  .map((step, index) => ({
                    coords: circle(latitude, longitude, step.radiusKm!),
                    lineStyle: { color: RING_COLOURS[index % RING_COLOURS.length], width: 2 },
                  }))
              : [],
          },
          {
            type: 'scatter',
            coordinateSystem: 'geo',
            symbolSize: 10,
            itemStyle: { color: '#dc2626' },
            data: centred ? [[longitude, latitude]] : [],
          },
        ],
      },
      { replaceMerge: ['series'] },
    );
    element.current?.setAttribute('data-rings', String(centred ? steps.filter((step) => !step.wholeTarget).length : 0));
  }

  useEffect(draw, [props.latitude, props.longitude, props.steps]);

  return (
    <div
      ref={element}
      style={{ height: 360, border: '1px solid #f0f0f0' }}
      role="img"
      aria-label="省域地图：点击设置圆心，圆圈为各圈层范围"
      data-testid="ring-map"
    />
  );
}
