import { useEffect, useRef } from 'react';
import { echarts } from './echarts';

/**
 * One ECharts chart: drawn again when its option changes, resized with the window; marks itself
 * `data-ready` once drawn (a browser test waits for that, a person sees it).
 */
export function Chart({
  id,
  option,
  height = 300,
  label,
}: {
  id: string;
  option: echarts.EChartsCoreOption | null;
  height?: number;
  label: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    chart.current = echarts.init(element.current!);
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    const instance = chart.current;
    if (!instance || !option) return;
    element.current!.dataset.ready = 'false';
    instance.off('finished');
    instance.on('finished', () => {
      if (element.current) element.current.dataset.ready = 'true';
    });
    instance.setOption(option, true);
  }, [option]);
  return <div id={id} ref={element} style={{ height }} role="img" aria-label={label} />;
}
