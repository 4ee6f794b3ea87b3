import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Form, Input, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { BULLETIN_KIND_LABELS, type BulletinKind } from '@mb/vocabulary';
import { api, mustAs } from '../../api/client';
import type { Page, Schemas, Unit } from '../../api/views';
import { Chart } from '../../shared/chart';
import { provinceMapReady } from '../../shared/echarts';
import { kindLabel, options, platformLabel } from '../../shared/labels';

type Totals = Schemas['ReportTotals'];
type BulletinRow = Schemas['BulletinReportRow'];
type BulletinReport = Schemas['BulletinReport'];
type UnitRow = Schemas['UnitReportRow'];
type PlatformRow = Schemas['PlatformReportRow'];
type KindRow = Schemas['KindPeriodRow'];
type CountyRow = Schemas['CountyReach'];

interface Filters {
  period?: [Dayjs, Dayjs];
  kind?: BulletinKind;
  cityId?: string;
  caseNumber?: string;
}

const TOTALS: Array<{ key: Exclude<keyof Totals, 'persons'>; title: string }> = [
  { key: 'bulletins', title: '公告' },
  { key: 'posts', title: '转发帖子' },
  { key: 'reads', title: '阅读' },
  { key: 'tips', title: '线索' },
  { key: 'actionableTips', title: '有效线索' },
  { key: 'resolved', title: '结案' },
  { key: 'directResultRate', title: '线索直接破案率' },
];

/** The persons the notices name, counted one by one (a notice of eleven suspects counts eleven). */
const PERSON_TOTALS: Array<{ key: keyof Totals['persons']; title: string }> = [
  { key: 'named', title: '涉案/走失人员' },
  { key: 'resolved', title: '已到案/找到' },
  { key: 'directResults', title: '因线索到案/找到' },
  { key: 'withoutTip', title: '无线索到案/找到' },
  { key: 'medianSecondsToResolution', title: '到案用时中位数' },
];

/** A duration in the largest units that keep it readable: "3天4小时", "5小时12分", "8分". */
function duration(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days}天${hours}小时`;
  if (hours > 0) return `${hours}小时${minutes}分`;
  return `${minutes}分`;
}

/** Reach to arrest: the reports API as charts, filtered by period, kind and city. */
export default function Analysis() {
  const [filters, setFilters] = useState<Filters>({});
  const [picked, setPicked] = useState<string>();
  const [metric, setMetric] = useState<'reads' | 'tips'>('reads');
  const query = {
    from: filters.period?.[0].startOf('day').toISOString(),
    to: filters.period?.[1].endOf('day').toISOString(),
    kind: filters.kind,
    cityId: filters.cityId,
    caseNumber: filters.caseNumber?.trim() || undefined,
  };
  const report = <T,>(name: string, call: () => Promise<T>) => useQuery({ queryKey: ['reports', name, query], queryFn: call });
  const totals = report('totals', () => mustAs<Totals>(api.GET('/reports/totals', { params: { query } })));
  const bulletins = report('bulletins', () => mustAs<BulletinRow[]>(api.GET('/reports/bulletins', { params: { query } })));
  const units = report('units', () => mustAs<UnitRow[]>(api.GET('/reports/units', { params: { query } })));
  const platforms = report('platforms', () => mustAs<PlatformRow[]>(api.GET('/reports/platforms', { params: { query } })));
  const kinds = report('kinds', () => mustAs<KindRow[]>(api.GET('/reports/kinds', { params: { query: { ...query, period: 'month' } } })));
  const counties = report('map', () => mustAs<CountyRow[]>(api.GET('/reports/map', { params: { query } })));
  const mapReady = useQuery({ queryKey: ['map-shapes'], staleTime: Infinity, queryFn: () => provinceMapReady().then(() => true) });
  const cities = useQuery({
    queryKey: ['units', 'cities'],
    queryFn: () => mustAs<Page<Unit>>(api.GET('/units', { params: { query: { level: 'city', limit: 100 } } })),
  });
  const bulletinId = picked && bulletins.data?.some((row) => row.bulletinId === picked) ? picked : bulletins.data?.[0]?.bulletinId;
  const one = useQuery({
    queryKey: ['reports', 'bulletin', bulletinId],
    enabled: Boolean(bulletinId),
    queryFn: () => mustAs<BulletinReport>(api.GET('/reports/bulletins/{id}', { params: { path: { id: bulletinId! }, query: {} } })),
  });

  const funnel = useMemo(() => {
    if (!one.data) return bulletins.data ? { series: [] } : null;
    const f = one.data.funnel;
    const steps: Array<[string, number]> = [
      ['覆盖账号', f.targeted],
      ['成功转发', f.posted],
      ['阅读', f.reads],
      ['线索', f.tips],
      ['有效线索', f.actionableTips],
      ['破案/结案', f.outcomes],
    ];
    // Reads outnumber accounts and tips by orders of magnitude: widths follow a log scale, labels the counts.
    const label = (item: { data: { count: number }; name: string }) => `${item.name} ${item.data.count.toLocaleString('zh-CN')}`;
    return {
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
    };
  }, [one.data, bulletins.data]);
  const reads = useMemo(
    () =>
      one.data
        ? {
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
                data: one.data.readsOverTime.map((point) => [point.hour, point.reads]),
              },
            ],
          }
        : bulletins.data
          ? { series: [] }
          : null,
    [one.data, bulletins.data],
  );
  const unitChart = useMemo(() => {
    if (!units.data) return null;
    const top = units.data.slice(0, 15).reverse();
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['阅读量', '线索数'] },
      grid: { left: 110, right: 30, top: 50, bottom: 20 },
      xAxis: [{ type: 'value' }, { type: 'value', position: 'top' }],
      yAxis: { type: 'category', data: top.map((row) => row.name) },
      series: [
        { type: 'bar', name: '阅读量', data: top.map((row) => row.reads) },
        { type: 'bar', name: '线索数', xAxisIndex: 1, data: top.map((row) => row.tips) },
      ],
    };
  }, [units.data]);
  const platformChart = useMemo(
    () =>
      platforms.data
        ? {
            tooltip: { trigger: 'axis' },
            legend: { top: 0, data: ['阅读量', '线索数', '有效线索'] },
            grid: { left: 60, right: 60, top: 40, bottom: 30 },
            xAxis: { type: 'category', data: platforms.data.map((row) => platformLabel(row.platform)) },
            yAxis: [
              { type: 'value', name: '阅读' },
              { type: 'value', name: '线索' },
            ],
            series: [
              { type: 'bar', name: '阅读量', data: platforms.data.map((row) => row.reads) },
              { type: 'bar', name: '线索数', yAxisIndex: 1, data: platforms.data.map((row) => row.tips) },
              { type: 'bar', name: '有效线索', yAxisIndex: 1, data: platforms.data.map((row) => row.actionableTips) },
            ],
          }
        : null,
    [platforms.data],
  );
  const mapChart = useMemo(() => {
    if (!counties.data || !mapReady.data) return null;
    const values = counties.data.map((row) => row[metric]);
    return {
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
          data: counties.data.map((row) => ({ name: row.code, label: row.name, value: row[metric] })),
        },
      ],
    };
  }, [counties.data, mapReady.data, metric]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            分析
          </Typography.Title>
        }
      >
        <Form layout="inline" onValuesChange={(_, values: Filters) => setFilters(values)} name="report-filter" aria-label="筛选报表">
          <Form.Item label="时间" name="period">
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item label="类型" name="kind">
            <Select
              allowClear
              style={{ width: 120 }}
              options={options(BULLETIN_KIND_LABELS)}
              data-testid="filter-kind"
              placeholder="全部"
            />
          </Form.Item>
          <Form.Item label="城市" name="cityId">
            <Select
              allowClear
              style={{ width: 140 }}
              options={(cities.data?.items ?? []).map((city) => ({ value: city.id, label: city.name }))}
              placeholder="全省"
            />
          </Form.Item>
          <Form.Item label="案件编号" name="caseNumber">
            <Input allowClear maxLength={64} style={{ width: 200 }} placeholder="一案的全部公告" />
          </Form.Item>
        </Form>
        <Row gutter={16} style={{ marginTop: 16 }}>
          {TOTALS.map(({ key, title }) => {
            const value = totals.data?.[key];
            const shown =
              value === undefined
                ? ''
                : value === null
                  ? '–'
                  : key.endsWith('Rate')
                    ? `${(value * 100).toFixed(1)}%`
                    : value.toLocaleString('zh-CN');
            return (
              <Col key={key} flex="1">
                <Statistic title={title} value={shown} loading={totals.isLoading} />
                <span hidden data-total={key} data-value={value === undefined ? '' : String(value ?? '')} />
              </Col>
            );
          })}
        </Row>
        <Row gutter={16} style={{ marginTop: 16 }} aria-label="人员统计">
          {PERSON_TOTALS.map(({ key, title }) => {
            const value = totals.data?.persons[key];
            const shown =
              value === undefined
                ? ''
                : value === null
                  ? '–'
                  : key === 'medianSecondsToResolution'
                    ? duration(value)
                    : value.toLocaleString('zh-CN');
            return (
              <Col key={key} flex="1">
                <Statistic title={title} value={shown} loading={totals.isLoading} />
                <span hidden data-person-total={key} data-value={value === undefined ? '' : String(value ?? '')} />
              </Col>
            );
          })}
        </Row>
      </Card>
      <Row gutter={16}>
        <Col span={12}>
          <Card
            title="单条公告：从覆盖到破案"
            extra={
              <Select
                aria-label="选择公告"
                style={{ width: 260 }}
                value={bulletinId}
                onChange={setPicked}
                options={(bulletins.data ?? []).map((row) => ({ value: row.bulletinId, label: `【${kindLabel(row.kind)}】${row.title}` }))}
              />
            }
          >
            <Chart id="chart-funnel" option={funnel} label="公告漏斗图" />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="累计阅读">
            <Chart id="chart-reads" option={reads} label="累计阅读曲线" />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Card
            title="各区县"
            extra={
              <Select
                aria-label="地图指标"
                value={metric}
                onChange={setMetric}
                options={[
                  { value: 'reads', label: '阅读量' },
                  { value: 'tips', label: '线索数' },
                ]}
              />
            }
          >
            <Chart id="chart-map" option={mapChart} height={420} label="区县地图" />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="单位排名（前 15）">
            <Chart id="chart-units" option={unitChart} height={420} label="单位排名图" />
          </Card>
        </Col>
      </Row>
      <Card title="各平台">
        <Chart id="chart-platforms" option={platformChart} label="平台对比图" />
      </Card>
      <Card title="各类公告按月">
        <div id="kinds">
          <Table<KindRow>
            size="small"
            rowKey={(row) => `${row.kind}-${row.period}`}
            pagination={false}
            dataSource={kinds.data ?? []}
            columns={[
              { title: '类型', dataIndex: 'kind', render: kindLabel },
              { title: '月份', dataIndex: 'period', render: (period: string) => period.slice(0, 7) },
              { title: '发布', dataIndex: 'published' },
              { title: '结案', dataIndex: 'resolved' },
              { title: '线索直接破案', dataIndex: 'directResults' },
              {
                title: '结案率',
                dataIndex: 'resolutionRate',
                render: (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`),
              },
            ]}
          />
        </div>
      </Card>
    </Space>
  );
}
