import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import {
  NOTIFICATION_CHANNEL_LABELS,
  NOTIFICATION_KIND_LABELS,
  NotificationChannelKind,
  NotificationChannelState,
  type NotificationKind,
} from '@mb/vocabulary';
import { api, ApiError, mustAs } from '../api/client';
import { signedInUser } from '../api/session';
import type { Schemas } from '../api/views';
import { dateTime } from '../shared/format';
import { options } from '../shared/labels';
import { useMe } from '../shared/me';
import { ScreenCard, usePagedList } from '../shared/paged-list';
import { useAction } from '../shared/use-action';
import { unitTree, useUnits } from '../shared/units';

type Notice = Schemas['NotificationView'];
type Channel = Schemas['NotificationChannelView'];

const STATE_TAGS: Record<NotificationChannelState, [string, string]> = {
  [NotificationChannelState.None]: ['default', '仅工作台'],
  [NotificationChannelState.Pending]: ['processing', '待推送'],
  [NotificationChannelState.Sent]: ['green', '已推送'],
  [NotificationChannelState.Failed]: ['red', '推送失败'],
};

/** What the unit was told (nudges, tips, credentials) and where else it is told: its group robot or webhook. */
export default function Notifications() {
  const me = useMe();
  const units = useUnits();
  const admin = signedInUser()?.role === 'admin';
  const [picked, setPicked] = useState<string>();
  const unitId = admin ? picked : (me.data?.unitId ?? undefined);
  const notices = usePagedList<Notice, { unitId?: string }>(
    `notifications-${unitId ?? 'all'}`,
    (_filter, page) => mustAs(api.GET('/notifications', { params: { query: { unitId, ...page } } })),
    { unit: '条通知', refetchInterval: 30_000 },
  );
  return (
    <ScreenCard
      title="通知"
      extra={
        admin && (
          <TreeSelect
            allowClear
            showSearch
            aria-label="选择单位"
            placeholder="全部单位"
            treeNodeFilterProp="title"
            style={{ width: 240 }}
            treeData={unitTree(units.data ?? [])}
            value={picked}
            onChange={setPicked}
          />
        )
      }
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {unitId && <ChannelCard unitId={unitId} />}
        <div data-testid="notifications">
          <Table<Notice>
            rowKey="id"
            size="small"
            {...notices.table}
            columns={[
              { title: '时间', dataIndex: 'createdAt', width: 150, render: dateTime },
              {
                title: '类别',
                dataIndex: 'kind',
                width: 140,
                render: (kind: NotificationKind) => NOTIFICATION_KIND_LABELS[kind] ?? kind,
              },
              {
                title: '内容',
                key: 'text',
                render: (_: unknown, notice) => (
                  <Space direction="vertical" size={0}>
                    <Typography.Text strong>{notice.title}</Typography.Text>
                    <Typography.Text>{notice.text}</Typography.Text>
                    {notice.link && <Typography.Link href={notice.link.replace(/^https?:\/\/[^/]+/, '')}>去处理</Typography.Link>}
                  </Space>
                ),
              },
              {
                title: '外部推送',
                key: 'channel',
                width: 160,
                render: (_: unknown, notice) => {
                  const [color, label] = STATE_TAGS[notice.channelState as NotificationChannelState];
                  return (
                    <Space direction="vertical" size={0}>
                      <Tag color={color}>{label}</Tag>
                      {notice.channelError && <Typography.Text type="danger">{notice.channelError}</Typography.Text>}
                    </Space>
                  );
                },
              },
            ]}
          />
        </div>
      </Space>
    </ScreenCard>
  );
}

/** The unit's outbound channel: shown by host only, since the address carries the robot's key. */
function ChannelCard({ unitId }: { unitId: string }) {
  const key = ['notification-channel', unitId];
  const channel = useQuery({
    queryKey: key,
    queryFn: async () => {
      try {
        return await mustAs<Channel>(api.GET('/units/{id}/notification-channel', { params: { path: { id: unitId } } }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
  const [form] = Form.useForm();
  const kind: NotificationChannelKind | undefined = Form.useWatch('kind', form);
  const save = useAction(
    (values: { kind: NotificationChannelKind; url: string; secret?: string; active: boolean }) =>
      mustAs<Channel>(
        api.PUT('/units/{id}/notification-channel', {
          params: { path: { id: unitId } },
          body: { ...values, secret: values.secret || undefined },
        }),
      ),
    { done: '推送渠道已保存', refresh: [key], onDone: () => form.resetFields(['url', 'secret']) },
  );
  const current = channel.data;
  return (
    <Card size="small" title="外部推送渠道" loading={channel.isLoading} data-testid="notification-channel">
      {current ? (
        <Alert
          type={current.active ? 'success' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          title={`${NOTIFICATION_CHANNEL_LABELS[current.kind as NotificationChannelKind]} · ${current.host}${current.hasSecret ? ' · 已加签' : ''}${current.active ? '' : ' · 已停用'}`}
          description={`更新于 ${dateTime(current.updatedAt)}；地址含密钥，保存后不再显示。`}
        />
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="尚未设置：通知只在工作台显示。" />
      )}
      <Form
        form={form}
        layout="inline"
        name="notification-channel"
        aria-label="设置推送渠道"
        initialValues={{ kind: current?.kind ?? NotificationChannelKind.WecomRobot, active: current?.active ?? true }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item label="类型" name="kind" rules={[{ required: true }]}>
          <Select style={{ width: 170 }} options={options(NOTIFICATION_CHANNEL_LABELS)} />
        </Form.Item>
        <Form.Item label="Webhook 地址" name="url" rules={[{ required: true, message: '请填写地址' }]}>
          <Input style={{ width: 340 }} placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" />
        </Form.Item>
        {kind !== NotificationChannelKind.WecomRobot && (
          <Form.Item label={kind === NotificationChannelKind.Webhook ? '签名密钥' : '加签密钥'} name="secret">
            <Input.Password style={{ width: 200 }} autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item label="启用" name="active" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存
        </Button>
      </Form>
    </Card>
  );
}
