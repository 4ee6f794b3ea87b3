import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { api, must, mustAs } from '../api/client';
import type { PendingRepost, Unit } from '../api/views';
import { timeLeft } from '../shared/format';
import { kindLabel, platformLabel } from '../shared/labels';
import { useMe } from '../shared/me';
import { useAction } from '../shared/use-action';

/** Bulletins waiting for this unit's go-ahead before its review-policy accounts repost them. */
export default function Reposts() {
  const pending = useQuery({
    queryKey: ['reposts'],
    refetchInterval: 30_000,
    queryFn: () => mustAs<PendingRepost[]>(api.GET('/reposts', { params: { query: { limit: 200 } } })),
  });
  const decide = { params: { path: { id: '' } } };
  const approve = useAction((id: string) => must(api.POST('/reposts/{id}/approve', { ...decide, params: { path: { id } } })), {
    done: '已同意转发',
    refresh: [['reposts']],
  });
  const decline = useAction((id: string) => must(api.POST('/reposts/{id}/decline', { ...decide, params: { path: { id } } })), {
    done: '已决定不转发',
    refresh: [['reposts']],
  });
  const now = Date.now();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            待审核转发
          </Typography.Title>
        }
      >
        <Table<PendingRepost>
          rowKey="id"
          size="middle"
          loading={pending.isLoading}
          dataSource={pending.data ?? []}
          pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 条` }}
          locale={{ emptyText: '没有等待审核的转发' }}
          columns={[
            {
              title: '公告',
              dataIndex: 'title',
              render: (title: string, row) => (
                <Space>
                  {title}
                  {row.priority === 'urgent' && <Tag color="red">紧急</Tag>}
                </Space>
              ),
            },
            { title: '类型', dataIndex: 'kind', width: 90, render: kindLabel },
            { title: '账号', dataIndex: 'accountName' },
            { title: '平台', dataIndex: 'platform', width: 90, render: platformLabel },
            { title: '单位', dataIndex: 'unitName' },
            {
              title: '审核时限',
              dataIndex: 'reviewDueAt',
              width: 160,
              render: (due: string | null) => {
                const left = timeLeft(due, now);
                return <Typography.Text type={left.overdue ? 'danger' : undefined}>{left.text}</Typography.Text>;
              },
            },
            {
              title: '操作',
              width: 170,
              render: (_: unknown, row) => (
                <Space>
                  <Button type="primary" size="small" onClick={() => approve.mutate(row.id)} aria-label={`同意 ${row.accountName} 转发`}>
                    同意转发
                  </Button>
                  <Button size="small" onClick={() => decline.mutate(row.id)} aria-label={`不转发到 ${row.accountName}`}>
                    不转发
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ReviewSettings />
    </Space>
  );
}

/** The unit's review window, what happens when it closes, and whether urgent bulletins wait too. */
export function ReviewSettings({ unitId: given }: { unitId?: string }) {
  const me = useMe();
  const unitId = given ?? me.data?.unitId ?? undefined;
  const [form] = Form.useForm();
  const unit = useQuery({
    queryKey: ['unit', unitId],
    enabled: Boolean(unitId),
    queryFn: () => mustAs<Unit>(api.GET('/units/{id}', { params: { path: { id: unitId! } } })),
  });
  useEffect(() => {
    if (unit.data) form.setFieldsValue(unit.data);
  }, [unit.data, form]);
  const save = useAction(
    (values: { reviewWindowMinutes?: number; reviewFallback?: 'post' | 'skip'; urgentOptOut?: boolean }) =>
      must(api.PATCH('/units/{id}/review-settings', { params: { path: { id: unitId! } }, body: values })),
    { done: '审核设置已保存', refresh: [['unit', unitId]] },
  );
  if (!unitId) return null;
  return (
    <Card title={`审核设置：${unit.data?.name ?? ''}`} loading={unit.isLoading}>
      <Form form={form} layout="inline" onFinish={(values) => save.mutate(values)} name="review-settings" aria-label="审核设置">
        <Form.Item label="审核时限（分钟）" name="reviewWindowMinutes">
          <InputNumber min={1} max={10080} />
        </Form.Item>
        <Form.Item label="超时未审" name="reviewFallback">
          <Select
            style={{ width: 140 }}
            options={[
              { value: 'post', label: '自动转发' },
              { value: 'skip', label: '不转发' },
            ]}
          />
        </Form.Item>
        <Form.Item label="紧急公告也需审核" name="urgentOptOut" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存
        </Button>
      </Form>
    </Card>
  );
}
