import { EyeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Image,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  REPLY_DELIVERY_LABELS,
  REWARD_STATUS_LABELS,
  type ReplyDelivery,
  TIP_STATUS_LABELS,
  TIP_TRANSITIONS,
  TipStatus,
} from '@mb/vocabulary';
import { api, must, mustAs } from '../../api/client';
import { signedInUser } from '../../api/session';
import type { ReplyStats, Schemas, Tip, TipContact } from '../../api/views';
import { mayDo } from '../../app/access';
import { dateTime, timeLeft } from '../../shared/format';
import { kindLabel, options, platformLabel, tipStatusLabel } from '../../shared/labels';
import { useMe } from '../../shared/me';
import { FilterBar, ScreenCard, usePagedList } from '../../shared/paged-list';
import { useAction } from '../../shared/use-action';
import { unitName, unitTree, useUnits } from '../../shared/units';

interface Filter {
  status?: TipStatus;
  awaitingReply?: 'true' | 'false';
}

/** The unit's tips, overdue and new first, each with its reply deadline; triage, hand down, reply, reward. */
export default function TipsInbox() {
  const [open, setOpen] = useState<string | null>(null);
  const units = useUnits();
  const tips = usePagedList<Tip, Filter>(
    'tips',
    (filter, page) => mustAs(api.GET('/tips', { params: { query: { ...filter, order: 'urgent', ...page } } })),
    {
      initial: { awaitingReply: 'true' },
      refetchInterval: 30_000,
    },
  );
  const now = Date.now();
  return (
    <ScreenCard title="线索">
      <Tabs
        items={[
          {
            key: 'inbox',
            label: '收件箱',
            children: (
              <>
                <FilterBar<Filter> name="tip-filter" label="筛选线索" initialValues={tips.filter} onSearch={tips.search}>
                  <Form.Item label="状态" name="status">
                    <Select allowClear style={{ width: 130 }} options={options(TIP_STATUS_LABELS)} />
                  </Form.Item>
                  <Form.Item label="答复" name="awaitingReply">
                    <Select
                      allowClear
                      style={{ width: 130 }}
                      options={[
                        { value: 'true', label: '待答复' },
                        { value: 'false', label: '已答复' },
                      ]}
                    />
                  </Form.Item>
                </FilterBar>
                <Table<Tip>
                  rowKey="id"
                  size="middle"
                  {...tips.table}
                  onRow={(tip) => ({ onKeyDown: (event) => event.key === 'Enter' && setOpen(tip.id) })}
                  columns={[
                    {
                      title: '线索',
                      dataIndex: 'text',
                      render: (text: string, tip) => (
                        <Button
                          type="link"
                          onClick={() => setOpen(tip.id)}
                          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                        >
                          {text.length > 40 ? `${text.slice(0, 40)}…` : text}
                        </Button>
                      ),
                    },
                    { title: '公告', dataIndex: 'bulletinTitle' },
                    {
                      title: '来源',
                      dataIndex: 'platform',
                      width: 90,
                      render: (platform: string | null, tip) =>
                        platform ? platformLabel(platform) : tip.source === 'page' ? '线索页' : tip.source,
                    },
                    {
                      title: '状态',
                      dataIndex: 'status',
                      width: 100,
                      render: (status: TipStatus, tip) => (
                        <Space direction="vertical" size={0}>
                          {status === TipStatus.New ? <Badge status="processing" text={tipStatusLabel(status)} /> : tipStatusLabel(status)}
                          {tip.awaitingAnswerSince && (
                            <Tag color="orange" data-testid="awaiting-answer">
                              提供人追加信息
                            </Tag>
                          )}
                        </Space>
                      ),
                    },
                    {
                      title: '答复期限',
                      dataIndex: 'replyDueAt',
                      width: 160,
                      render: (due: string | null, tip) => {
                        if (tip.reply) return <Tag color="green">已答复</Tag>;
                        const left = timeLeft(due, now);
                        return (
                          <Typography.Text type={left.overdue ? 'danger' : undefined} data-testid="reply-countdown">
                            {left.text}
                          </Typography.Text>
                        );
                      },
                    },
                    { title: '办理单位', dataIndex: 'handlingUnitId', render: (id: string) => unitName(units.data, id) },
                    { title: '收到时间', dataIndex: 'receivedAt', width: 150, render: dateTime },
                  ]}
                />
              </>
            ),
          },
          { key: 'stats', label: '答复统计', children: <ReplyStatistics /> },
        ]}
      />
      {open && <TipDrawer tipId={open} onClose={() => setOpen(null)} />}
    </ScreenCard>
  );
}

function ReplyStatistics() {
  const stats = useQuery({
    queryKey: ['reply-stats'],
    queryFn: () => mustAs<ReplyStats[]>(api.GET('/tips/reply-stats', { params: { query: {} } })),
  });
  return (
    <Table<ReplyStats>
      rowKey="unitId"
      size="small"
      loading={stats.isLoading}
      dataSource={stats.data ?? []}
      pagination={{ pageSize: 20 }}
      columns={[
        { title: '单位', dataIndex: 'unitName' },
        { title: '分派', dataIndex: 'assigned' },
        { title: '已答复', dataIndex: 'replied' },
        { title: '未办结', dataIndex: 'open' },
        { title: '超时上报', dataIndex: 'escalated' },
        {
          title: '答复率',
          dataIndex: 'replyRate',
          render: (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`),
        },
        {
          title: '答复用时中位数',
          dataIndex: 'medianReplySeconds',
          render: (seconds: number | null) => (seconds === null ? '—' : `${Math.round(seconds / 60)} 分钟`),
        },
      ]}
    />
  );
}

function TipDrawer({ tipId, onClose }: { tipId: string; onClose: () => void }) {
  const me = useMe();
  const units = useUnits();
  const role = signedInUser()?.role;
  const key = ['tip', tipId];
  const tip = useQuery({ queryKey: key, queryFn: () => mustAs<Tip>(api.GET('/tips/{id}', { params: { path: { id: tipId } } })) });
  const [contact, setContact] = useState<TipContact | null>(null);
  const path = { params: { path: { id: tipId } } };
  const refresh = [key, ['tips'], ['reply-stats']];
  const triage = useAction(
    (values: { status: Exclude<TipStatus, 'new'>; unitId?: string; duplicateOf?: string; note?: string }) =>
      mustAs<Tip>(api.POST('/tips/{id}/triage', { ...path, body: values })),
    { done: '已更新线索状态', refresh },
  );
  const reply = useAction((text: string) => mustAs<Tip>(api.POST('/tips/{id}/reply', { ...path, body: { text } })), {
    done: '答复已发出',
    refresh,
  });
  const reward = useAction(
    (values: { eligible: boolean; amount?: number; status: 'none' | 'eligible' | 'approved' | 'paid' | 'declined' }) =>
      mustAs<Tip>(api.PUT('/tips/{id}/reward', { ...path, body: values })),
    { done: '奖励信息已保存', refresh },
  );
  const reveal = useAction(() => mustAs<TipContact>(api.GET('/tips/{id}/contact', path)), { onDone: setContact });
  const [triageForm] = Form.useForm();
  const chosen: TipStatus | undefined = Form.useWatch('status', triageForm);
  const data = tip.data;
  const handles = role === 'unit_operator' && data?.handlingUnitId === me.data?.unitId;
  // A tip is handed down only, to a unit inside the handler's own subtree.
  const own = units.data?.find((unit) => unit.id === me.data?.unitId);
  const unitsBelow = unitTree((units.data ?? []).filter((unit) => !own || (unit.path.startsWith(own.path) && unit.id !== own.id)));

  return (
    <Drawer open size={640} title="线索详情" onClose={onClose} loading={tip.isLoading}>
      {data && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'bulletin', label: '公告', children: `${kindLabel(data.bulletinKind)} · ${data.bulletinTitle}`, span: 2 },
              { key: 'status', label: '状态', children: <span data-testid="tip-status">{tipStatusLabel(data.status)}</span> },
              { key: 'received', label: '收到时间', children: dateTime(data.receivedAt) },
              { key: 'source', label: '来源', children: data.platform ? platformLabel(data.platform) : '线索页' },
              { key: 'due', label: '答复期限', children: data.reply ? '已答复' : timeLeft(data.replyDueAt).text },
              { key: 'unit', label: '办理单位', children: unitName(units.data, data.handlingUnitId) },
              { key: 'photos', label: '照片', children: `${data.photoCount} 张` },
              ...(data.locationText || data.location
                ? [
                    {
                      key: 'where',
                      label: '位置',
                      children: data.locationText ?? `${data.location?.latitude}, ${data.location?.longitude}`,
                      span: 2,
                    },
                  ]
                : []),
            ]}
          />
          <Card size="small" title="线索内容">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{data.text}</Typography.Paragraph>
          </Card>

          {data.hasContact && mayDo(role, 'revealTipContact') && handles && (
            <Card size="small" title="提供人联系方式">
              {contact ? (
                <Descriptions
                  size="small"
                  column={1}
                  data-testid="tip-contact"
                  items={[
                    { key: 'name', label: '姓名', children: contact.name ?? '（未留）' },
                    { key: 'phone', label: '电话', children: contact.contact?.phone ?? '—' },
                    { key: 'wechat', label: '微信', children: contact.contact?.wechatId ?? '—' },
                  ]}
                />
              ) : (
                <Space direction="vertical">
                  <Alert type="warning" showIcon title="查看联系方式会记入审计日志（谁、何时、哪条线索）。仅在核查需要时查看。" />
                  <Button icon={<EyeOutlined />} onClick={() => reveal.mutate(undefined)} loading={reveal.isPending}>
                    查看联系方式
                  </Button>
                </Space>
              )}
            </Card>
          )}

          {TIP_TRANSITIONS[data.status].length > 0 && (
            <Card size="small" title="办理">
              <Form form={triageForm} layout="vertical" onFinish={(values) => triage.mutate(values)} name="triage" aria-label="线索办理">
                <Form.Item label="下一步" name="status" rules={[{ required: true, message: '请选择' }]}>
                  <Select options={TIP_TRANSITIONS[data.status].map((status) => ({ value: status, label: TIP_STATUS_LABELS[status] }))} />
                </Form.Item>
                {chosen === TipStatus.Assigned && (
                  <Form.Item label="交给下级单位" name="unitId" rules={[{ required: true, message: '请选择单位' }]}>
                    <TreeSelect showSearch treeNodeFilterProp="title" treeData={unitsBelow} />
                  </Form.Item>
                )}
                {chosen === TipStatus.Duplicate && (
                  <Form.Item label="重复于（线索编号）" name="duplicateOf" rules={[{ required: true, message: '请填写原线索编号' }]}>
                    <Input />
                  </Form.Item>
                )}
                <Form.Item label="备注" name="note">
                  <Input.TextArea rows={2} maxLength={1000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={triage.isPending}>
                  保存
                </Button>
              </Form>
            </Card>
          )}

          <Card size="small" title="答复提供人">
            {data.reply ? (
              <Space direction="vertical">
                <Typography.Paragraph style={{ margin: 0 }} data-testid="tip-reply">
                  {data.reply.text}
                </Typography.Paragraph>
                <Typography.Text type="secondary">
                  {dateTime(data.reply.at)} · {REPLY_DELIVERY_LABELS[data.reply.delivery as ReplyDelivery] ?? data.reply.delivery}
                </Typography.Text>
              </Space>
            ) : (
              <Form layout="vertical" onFinish={(values: { text: string }) => reply.mutate(values.text)} name="reply" aria-label="答复">
                <Form.Item
                  label={`答复内容（${data.platform ? `经${platformLabel(data.platform)}发回` : '提供人在线索页查看'}）`}
                  name="text"
                  rules={[
                    { required: true, message: '请填写答复' },
                    { min: 2, message: '至少 2 个字' },
                  ]}
                >
                  <Input.TextArea rows={3} maxLength={500} showCount />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={reply.isPending}>
                  发送答复
                </Button>
              </Form>
            )}
          </Card>

          <ThreadCard tipId={tipId} mayAnswer={handles || role === 'admin'} refresh={refresh} />

          <Card size="small" title="奖励">
            <Form layout="inline" initialValues={data.reward} onFinish={(values) => reward.mutate(values)} name="reward" aria-label="奖励">
              <Form.Item label="符合条件" name="eligible" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item label="金额（元）" name="amount">
                <InputNumber min={0} />
              </Form.Item>
              <Form.Item label="状态" name="status">
                <Select style={{ width: 120 }} options={options(REWARD_STATUS_LABELS)} />
              </Form.Item>
              <Button htmlType="submit" loading={reward.isPending}>
                保存
              </Button>
            </Form>
          </Card>
        </Space>
      )}
    </Drawer>
  );
}

type ThreadMessage = Schemas['ThreadMessageView'];

/**
 * The conversation the tipster carries on with the reply code alone: what they added, photos
 * included, and the unit's answers, which the tipster reads on the tip page.
 */
function ThreadCard({ tipId, mayAnswer, refresh }: { tipId: string; mayAnswer: boolean; refresh: unknown[][] }) {
  const key = ['tip-thread', tipId];
  const thread = useQuery({
    queryKey: key,
    queryFn: () => mustAs<ThreadMessage[]>(api.GET('/tips/{id}/messages', { params: { path: { id: tipId } } })),
  });
  const [form] = Form.useForm();
  const answer = useAction(
    (text: string) => mustAs<ThreadMessage[]>(api.POST('/tips/{id}/messages', { params: { path: { id: tipId } }, body: { text } })),
    { done: '已回复，提供人凭查询码可见', refresh: [...refresh, key], onDone: () => form.resetFields() },
  );
  const messages = thread.data ?? [];
  return (
    <Card size="small" title={`与提供人的对话（${messages.length}）`} data-testid="tip-thread" loading={thread.isLoading}>
      {messages.length === 0 ? (
        <Typography.Text type="secondary">提供人可凭查询码在线索页补充信息，补充后会显示在这里。</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {messages.map((message) => (
            <div
              key={message.id}
              data-from={message.from}
              style={{
                background: message.from === 'tipster' ? '#f0f5ff' : '#f6ffed',
                borderRadius: 6,
                padding: '6px 10px',
                marginLeft: message.from === 'unit' ? 32 : 0,
                marginRight: message.from === 'tipster' ? 32 : 0,
              }}
            >
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {message.from === 'tipster' ? '提供人' : '本单位'} · {dateTime(message.at)}
              </Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{message.text}</Typography.Paragraph>
              {message.photos.length > 0 && (
                <Image.PreviewGroup>
                  <Space>
                    {message.photos.map((photo) => (
                      <ThreadPhoto key={photo.id} tipId={tipId} messageId={message.id} photoId={photo.id} />
                    ))}
                  </Space>
                </Image.PreviewGroup>
              )}
            </div>
          ))}
        </Space>
      )}
      {mayAnswer && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 12 }}
          onFinish={(values: { text: string }) => answer.mutate(values.text)}
          name="thread-answer"
          aria-label="回复提供人"
        >
          <Form.Item label="回复提供人（对方凭查询码查看）" name="text" rules={[{ required: true, message: '请填写回复' }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Button htmlType="submit" loading={answer.isPending}>
            发送回复
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** A photo the tipster sent, fetched with the operator's own sign-in. */
function ThreadPhoto({ tipId, messageId, photoId }: { tipId: string; messageId: string; photoId: string }) {
  const photo = useQuery({
    queryKey: ['tip-thread-photo', photoId],
    staleTime: Infinity,
    queryFn: async () => {
      const blob = await must(
        api.GET('/tips/{id}/messages/{messageId}/photos/{photoId}', {
          params: { path: { id: tipId, messageId, photoId } },
          parseAs: 'blob',
        }),
      );
      return URL.createObjectURL(blob as Blob);
    },
  });
  return photo.data ? <Image src={photo.data} width={96} height={72} style={{ objectFit: 'cover' }} alt="提供人补充的照片" /> : null;
}
