import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, TreeSelect, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { BULLETIN_KIND_LABELS, BULLETIN_STATUS_LABELS, type BulletinKind } from '@mb/vocabulary';
import { api, must } from '../../api/client';
import { signedInUser } from '../../api/session';
import type { Bulletin } from '../../api/views';
import { mayDo } from '../../app/access';
import { dateTime } from '../../shared/format';
import { kindLabel, options, StatusTag } from '../../shared/labels';
import { unitName, unitTree, useUnits } from '../../shared/units';

interface Filters {
  q?: string;
  kind?: BulletinKind;
  status?: string[];
  issuerUnitId?: string;
  caseNumber?: string;
  created?: [Dayjs, Dayjs];
  mine?: boolean;
}

export default function BulletinList() {
  const navigate = useNavigate();
  const units = useUnits();
  const writer = mayDo(signedInUser()?.role, 'writeBulletin');
  const [filters, setFilters] = useState<Filters>({});
  const bulletins = useQuery({
    queryKey: ['bulletins', filters],
    queryFn: () =>
      must(
        api.GET('/bulletins', {
          params: {
            query: {
              q: filters.q || undefined,
              kind: filters.kind,
              status: filters.status?.length ? filters.status.join(',') : undefined,
              issuerUnitId: filters.issuerUnitId,
              caseNumber: filters.caseNumber || undefined,
              createdFrom: filters.created?.[0].startOf('day').toISOString(),
              createdTo: filters.created?.[1].endOf('day').toISOString(),
              mine: filters.mine ? 'true' : undefined,
            },
          },
        }),
      ),
  });

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          公告
        </Typography.Title>
      }
      extra={
        writer && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/bulletins/new')}>
            新建公告
          </Button>
        )
      }
    >
      <Form
        layout="inline"
        onFinish={(values: Filters) => setFilters(values)}
        style={{ marginBottom: 16, rowGap: 8 }}
        name="bulletin-filter"
        aria-label="筛选公告"
      >
        <Form.Item name="q" label="标题">
          <Input allowClear placeholder="标题关键词" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="kind" label="类型">
          <Select allowClear style={{ width: 110 }} options={options(BULLETIN_KIND_LABELS)} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select allowClear mode="multiple" style={{ minWidth: 150 }} options={options(BULLETIN_STATUS_LABELS)} />
        </Form.Item>
        <Form.Item name="issuerUnitId" label="发布单位">
          <TreeSelect allowClear showSearch treeNodeFilterProp="title" style={{ width: 200 }} treeData={unitTree(units.data ?? [])} />
        </Form.Item>
        <Form.Item name="caseNumber" label="案件编号">
          <Input allowClear style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="created" label="创建日期">
          <DatePicker.RangePicker />
        </Form.Item>
        {writer && (
          <Form.Item name="mine" label="范围">
            <Select
              style={{ width: 110 }}
              options={[
                { value: false, label: '全部' },
                { value: true, label: '我写的' },
              ]}
            />
          </Form.Item>
        )}
        <Space>
          <Button htmlType="submit" type="primary">
            查询
          </Button>
        </Space>
      </Form>
      <Table<Bulletin>
        rowKey="id"
        size="middle"
        loading={bulletins.isLoading}
        dataSource={bulletins.data ?? []}
        pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 条` }}
        columns={[
          { title: '编号', dataIndex: 'seq', width: 70 },
          { title: '标题', dataIndex: 'title', render: (title: string, row) => <Link to={`/bulletins/${row.id}`}>{title}</Link> },
          { title: '类型', dataIndex: 'kind', width: 90, render: kindLabel },
          { title: '状态', dataIndex: 'status', width: 100, render: (status: string) => <StatusTag status={status} /> },
          { title: '发布单位', dataIndex: 'issuerUnitId', render: (id: string) => unitName(units.data, id) },
          { title: '优先级', dataIndex: 'priority', width: 80, render: (priority: string) => (priority === 'urgent' ? '紧急' : '普通') },
          { title: '创建时间', dataIndex: 'createdAt', width: 150, render: dateTime },
          { title: '发布时间', dataIndex: 'publishedAt', width: 150, render: dateTime },
        ]}
      />
    </Card>
  );
}
