import { BarChart, FunnelChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { get, signedIn, signIn, signOut, Unauthorised } from './api';
import { BULLETIN_KIND_LABELS, BulletinKind, Platform, PLATFORM_LABELS } from '@mb/vocabulary';

echarts.use([
  BarChart,
  FunnelChart,
  LineChart,
  MapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

interface Totals {
  bulletins: number;
  posts: number;
  reads: number;
  tips: number;
  actionableTips: number;
  resolved: number;
  directResults: number;
  directResultRate: number | null;
}
interface BulletinRow {
  bulletinId: string;
  title: string;
  kind: string;
  publishedAt: string;
}
interface BulletinReport {
  funnel: Record<'targeted' | 'posted' | 'reads' | 'tips' | 'actionableTips' | 'outcomes', number>;
  readsOverTime: Array<{ hour: string; reads: number }>;
}
interface UnitRow {
  name: string;
  reads: number;
  tips: number;
}
interface PlatformRow {
  platform: string;
  reads: number;
  tips: number;
  actionableTips: number;
}
interface KindRow {
  kind: string;
  period: string;
  published: number;
  resolved: number;
  directResults: number;
  resolutionRate: number | null;
}
interface CountyRow {
  code: string;
  name: string;
  reads: number;
  tips: number;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const charts = new Map<string, echarts.ECharts>();
let renderRound = 0;

function chart(id: string): echarts.ECharts {
  let instance = charts.get(id);
  if (!instance) {
    instance = echarts.init($(id));
    charts.set(id, instance);
  }
  return instance;
}

/** Marks a chart as drawn for this round of filters, so a browser test can wait for it. */
function draw(id: string, option: echarts.EChartsCoreOption, round: number): void {
  const instance = chart(id);
  $(id).dataset.ready = 'false';
  instance.off('finished');
  instance.on('finished', () => {
    $(id).dataset.ready = String(round);
  });
  instance.setOption(option, true);
}

function filters(): Record<string, string | undefined> {
  const day = (id: string) =>
    $<HTMLInputElement>(id).value ? new Date(`${$<HTMLInputElement>(id).value}T00:00:00+08:00`).toISOString() : undefined;
  return {
    from: day('filter-from'),
    to: day('filter-to'),
    kind: $<HTMLSelectElement>('filter-kind').value || undefined,
    cityId: $<HTMLSelectElement>('filter-city').value || undefined,
  };
}

function showTotals(totals: Totals): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-total]')) {
    const key = element.dataset.total as keyof Totals;
    const value = totals[key];
    element.dataset.value = String(value ?? '');
    element.textContent = value === null ? '–' : key.endsWith('Rate') ? `${(value * 100).toFixed(1)}%` : value.toLocaleString('zh-CN');
  }
}

async function showBulletin(id: string | undefined, round: number): Promise<void> {
  if (!id) {
    draw('chart-funnel', { series: [] }, round);
    draw('chart-reads', { series: [] }, round);
    return;
  }
  const report = await get<BulletinReport>(`/reports/bulletins/${id}`);
  const steps: Array<[string, number]> = [
    ['覆盖账号', report.funnel.targeted],
    ['成功转发', report.funnel.posted],
    ['阅读', report.funnel.reads],
    ['线索', report.funnel.tips],
    ['有效线索', report.funnel.actionableTips],
    ['破案/结案', report.funnel.outcomes],
  ];
  // Reads outnumber accounts and tips by orders of magnitude: widths follow a log scale, labels the counts.
  const label = (item: { data: { count: number }; name: string }) => `${item.name} ${item.data.count.toLocaleString('zh-CN')}`;
  draw(
    'chart-funnel',
    {
      tooltip: { trigger: 'item', formatter: label },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          min: 0,
          minSize: '6%',
          label: { formatter: label },
          data: steps.map(([name, count]) => ({ name, count, value: Math.log10(Math.max(count, 0) + 1) })),
        },
      ],
    },
    round,
  );
  draw(
    'chart-reads',
    {
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 20, top: 20, bottom: 30 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'line',
          name: '累计阅读',
          showSymbol: false,
          areaStyle: {},
          data: report.readsOverTime.map((point) => [point.hour, point.reads]),
        },
      ],
    },
    round,
  );
}

async function refresh(): Promise<void> {
  const round = ++renderRound;
  const query = filters();
  const [totals, bulletins, units, platforms, kinds, counties] = await Promise.all([
    get<Totals>('/reports/totals', query),
    get<BulletinRow[]>('/reports/bulletins', query),
    get<UnitRow[]>('/reports/units', query),
    get<PlatformRow[]>('/reports/platforms', query),
    get<KindRow[]>('/reports/kinds', { ...query, period: 'month' }),
    get<CountyRow[]>('/reports/map', query),
  ]);
  if (round !== renderRound) return;
  showTotals(totals);

  const pick = $<HTMLSelectElement>('bulletin-pick');
  const previous = pick.value;
  pick.replaceChildren(
    ...bulletins.map(
      (row) => new Option(`【${BULLETIN_KIND_LABELS[row.kind as BulletinKind]}】${row.title.replace(/\s+/g, ' ')}`, row.bulletinId),
    ),
  );
  if (bulletins.some((row) => row.bulletinId === previous)) pick.value = previous;
  await showBulletin(pick.value || undefined, round);

  const top = units.slice(0, 15).reverse();
  draw(
    'chart-units',
    {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['阅读量', '线索数'] },
      grid: { left: 110, right: 30, top: 50, bottom: 20 },
      xAxis: [{ type: 'value' }, { type: 'value', position: 'top' }],
      yAxis: { type: 'category', data: top.map((row) => row.name) },
      series: [
        { type: 'bar', name: '阅读量', data: top.map((row) => row.reads) },
        { type: 'bar', name: '线索数', xAxisIndex: 1, data: top.map((row) => row.tips) },
      ],
    },
    round,
  );
  draw(
    'chart-platforms',
    {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['阅读量', '线索数', '有效线索'] },
      grid: { left: 60, right: 60, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: platforms.map((row) => PLATFORM_LABELS[row.platform as Platform] ?? row.platform) },
      yAxis: [
        { type: 'value', name: '阅读' },
        { type: 'value', name: '线索' },
      ],
      series: [
        { type: 'bar', name: '阅读量', data: platforms.map((row) => row.reads) },
        { type: 'bar', name: '线索数', yAxisIndex: 1, data: platforms.map((row) => row.tips) },
        { type: 'bar', name: '有效线索', yAxisIndex: 1, data: platforms.map((row) => row.actionableTips) },
      ],
    },
    round,
  );
  showMap(counties, round);

  $('kinds')
    .querySelector('tbody')!
    .replaceChildren(
      ...kinds.map((row) => {
        const line = document.createElement('tr');
        for (const cell of [
          BULLETIN_KIND_LABELS[row.kind as BulletinKind] ?? row.kind,
          row.period.slice(0, 7),
          row.published,
          row.resolved,
          row.directResults,
          row.resolutionRate === null ? '–' : `${(row.resolutionRate * 100).toFixed(1)}%`,
        ]) {
          const td = document.createElement('td');
          td.textContent = String(cell);
          line.append(td);
        }
        return line;
      }),
    );
}

let lastCounties: CountyRow[] = [];
function showMap(counties: CountyRow[], round: number): void {
  lastCounties = counties;
  const metric = $<HTMLSelectElement>('map-metric').value as 'reads' | 'tips';
  const values = counties.map((row) => row[metric]);
  draw(
    'chart-map',
    {
      tooltip: {
        trigger: 'item',
        formatter: (item: { name: string; value: number; data?: { label: string } }) =>
          `${item.data?.label ?? item.name}: ${Number.isFinite(item.value) ? item.value : 0}`,
      },
      visualMap: {
        min: 0,
        max: Math.max(1, ...values),
        left: 'left',
        bottom: 10,
        text: ['高', '低'],
        calculable: true,
        inRange: { color: ['#e8f1fb', '#0b3a74'] },
      },
      series: [
        {
          type: 'map',
          map: 'province',
          nameProperty: 'code',
          roam: true,
          data: counties.map((row) => ({ name: row.code, label: row.name, value: row[metric] })),
        },
      ],
    },
    round,
  );
}

async function start(): Promise<void> {
  $('login').hidden = true;
  $('dashboard').hidden = false;
  const [shapes, cities] = await Promise.all([
    get<object>('/reports/map/shapes'),
    get<{ items: Array<{ id: string; name: string }> }>('/units', { level: 'city', limit: '100' }),
  ]);
  echarts.registerMap('province', shapes as Parameters<typeof echarts.registerMap>[1]);
  $<HTMLSelectElement>('filter-city').append(...cities.items.map((city) => new Option(city.name, city.id)));
  $('filters').addEventListener('change', () => void refresh().catch(failed));
  $('bulletin-pick').addEventListener(
    'change',
    () => void showBulletin($<HTMLSelectElement>('bulletin-pick').value, renderRound).catch(failed),
  );
  $('map-metric').addEventListener('change', () => showMap(lastCounties, renderRound));
  window.addEventListener('resize', () => charts.forEach((instance) => instance.resize()));
  await refresh();
}

function failed(error: unknown): void {
  if (error instanceof Unauthorised) {
    signOut();
    $('dashboard').hidden = true;
    $('login').hidden = false;
    return;
  }
  console.error(error);
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  signIn($<HTMLInputElement>('username').value, $<HTMLInputElement>('password').value)
    .then(start)
    .catch((error: Error) => {
      $('login-error').textContent = error instanceof Unauthorised ? '登录已过期' : error.message;
    });
});

if (signedIn()) void start().catch(failed);
else $('login').hidden = false;
