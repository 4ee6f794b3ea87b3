import { useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, Select, Space, Table, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { PLATFORM_LABELS, type Platform } from '@mb/vocabulary';
import { api, must, mustAs } from '../api/client';
import type { DeadLetter } from '../api/views';
import { dateTime } from '../shared/format';
import { options, platformLabel } from '../shared/labels';
import { FilterBar, ScreenCard, usePagedList } from '../shared/paged-list';
import { useAction } from '../shared/use-action';
import { unitTree, useUnits } from '../shared/units';

interface Filter {
  platform?: Platform;
  unitId?: string;
  bulletinId?: string;
  errorCode?: string;
}

/** Deliveries that failed for good: read the platform's reason, retry or cancel one or many. */
export default function DeadLetters() {
  const { modal } = App.useApp();
  const units = useUnits();
  const [selected, setSelected] = useState<string[]>([]);
  const letters = usePagedList<DeadLetter, Filter>('dead-letters', (filter, page) =>
    mustAs(api.GET('/deliveries/dead-letters', { params: { query: { ...filter, ...page } } })),
  );
  const filter = letters.filter;
  const bulletins = useQuery({ queryKey: ['bulletins', 'all'], queryFn: () => must(api.GET('/bulletins', {})) });
  const selection = () => (selected.length ? { deliveryIds: selected } : filter);
  const retry = useAction(() => mustAs<{ retried: number }>(api.POST('/deliveries/dead-letters/retry', { body: selection() })), {
    done: (answer) => `已重新排队 ${answer.retried} 条`,
    refresh: [['dead-letters']],
    onDone: () => setSelected([]),
  });
  const cancel = useAction(() => mustAs<{ cancelled: number }>(api.POST('/deliveries/dead-letters/cancel', { body: selection() })), {
    done: (answer) => `已取消 ${answer.cancelled} 条`,
    refresh: [['dead-letters']],
    onDone: () => setSelected([]),
  });
  const scope = selected.length ? `选中的 ${selected.length} 条` : `符合筛选条件的全部 ${letters.query.data?.total ?? 0} 条`;
  return (
    <ScreenCard title="失败投递">
      <FilterBar<Filter> name="dead-letter-filter" label="筛选失败投递" onSearch={letters.search}>
        <Form.Item label="平台" name="platform">
          <Select allowClear style={{ width: 120 }} options={options(PLATFORM_LABELS)} />
        </Form.Item>
        <Form.Item label="单位" name="unitId">
          <TreeSelect allowClear showSearch treeNodeFilterProp="title" style={{ width: 200 }} treeData={unitTree(units.data ?? [])} />
        </Form.Item>
        <Form.Item label="公告" name="bulletinId">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 200 }}
            options={(bulletins.data ?? []).map((bulletin) => ({ value: bulletin.id, label: bulletin.title }))}
          />
        </Form.Item>
        <Form.Item label="错误码" name="errorCode" rules={[{ pattern: /^[A-Z_]{3,32}$/, message: '如 REJECTED' }]}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
      </FilterBar>
      <Space style={{ marginBottom: 12 }}>
        <Button
          disabled={!letters.query.data?.total}
          onClick={() =>
            modal.confirm({ title: `重试${scope}？`, okText: '重试', cancelText: '取消', onOk: () => retry.mutateAsync(undefined) })
          }
        >
          重试
        </Button>
        <Button
          danger
          disabled={!letters.query.data?.total}
          onClick={() =>
            modal.confirm({
              title: `取消${scope}？`,
              content: '取消后这些账号不再发布此公告。',
              okText: '取消投递',
              cancelText: '返回',
              onOk: () => cancel.mutateAsync(undefined),
            })
          }
        >
          取消投递
        </Button>
        <Typography.Text type="secondary">不勾选时作用于{scope}</Typography.Text>
      </Space>
      <Table<DeadLetter>
        rowKey="id"
        size="small"
        {...letters.table}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        columns={[
          {
            title: '公告',
            dataIndex: 'bulletinId',
            render: (id: string) => <Link to={`/bulletins/${id}`}>{bulletins.data?.find((b) => b.id === id)?.title ?? '查看'}</Link>,
          },
          { title: '平台', dataIndex: 'platform', width: 90, render: platformLabel },
          { title: '账号', dataIndex: 'accountName' },
          { title: '单位', dataIndex: 'unitName' },
          { title: '错误码', dataIndex: 'errorCode', width: 130 },
          { title: '平台返回的原因', dataIndex: 'reason' },
          { title: '尝试次数', dataIndex: 'attempts', width: 80 },
          { title: '失败时间', dataIndex: 'failedAt', width: 150, render: dateTime },
        ]}
      />
    </ScreenCard>
  );
}
