import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  BULLETIN_PRIORITY_LABELS,
  BulletinStatus,
  DELIVERY_STATE_LABELS,
  type DeliveryState,
  LANE_REASON_LABELS,
  type LaneReason,
  POSTING_LANE_LABELS,
  type PostingLane,
  LIVE_POST_STATES,
  LIVE_STATUSES,
  PERSON_STATUS_LABELS,
  PERSON_STATUSES_OF_KIND,
  type PersonStatus,
  RESOLUTION_OUTCOME_LABELS,
  type ResolutionOutcome,
} from '@mb/vocabulary';
import { api, must, mustAs } from '../../api/client';
import { useFanOutProgress } from '../../api/progress-stream';
import { signedInUser } from '../../api/session';
import type {
  BulletinView,
  BulletinVersion,
  DeliveryListItem,
  FanOutProgress,
  Proposal,
  Schemas,
  StateCounts,
  UnitRepost,
} from '../../api/views';
import { mayDo } from '../../app/access';
import { count, dateTime } from '../../shared/format';
import { kindLabel, options, platformLabel, StatusTag } from '../../shared/labels';
import { ChangesTable, contentChanges } from '../../shared/changes';
import { useAction } from '../../shared/use-action';
import { unitName, useUnits } from '../../shared/units';
import { PlatformPreviews, TargetPreviewPanel } from './previews';

const LIVE = new Set<string>(LIVE_STATUSES);
const SHOWS_PROGRESS = new Set<string>([...LIVE_STATUSES, BulletinStatus.Resolved, BulletinStatus.Withdrawn, BulletinStatus.Expired]);

export default function BulletinDetail() {
  const { id } = useParams() as { id: string };
  const navigate = useNavigate();
  const role = signedInUser()?.role;
  const units = useUnits();
  const key = ['bulletin', id];
  const bulletin = useQuery({
    queryKey: key,
    queryFn: () => mustAs<BulletinView>(api.GET('/bulletins/{id}', { params: { path: { id } } })),
  });
  const versions = useQuery({
    queryKey: ['versions', id],
    queryFn: () => must(api.GET('/bulletins/{id}/versions', { params: { path: { id } } })) as Promise<BulletinVersion[]>,
  });
  const proposals = useQuery({
    queryKey: ['proposals', id],
    enabled: Boolean(bulletin.data && SHOWS_PROGRESS.has(bulletin.data.status)),
    queryFn: () => mustAs<Proposal[]>(api.GET('/bulletins/{id}/updates', { params: { path: { id } } })),
  });
  const data = bulletin.data;
  const progress = useFanOutProgress(id, Boolean(data && SHOWS_PROGRESS.has(data.status)));
  const refresh = [key, ['versions', id], ['proposals', id], ['bulletins'], ['review-queue']];

  if (!data)
    return <Card loading={bulletin.isLoading}>{bulletin.error && <Alert type="error" title={(bulletin.error as Error).message} />}</Card>;
  const reviewer = mayDo(role, 'reviewBulletin');
  const writer = mayDo(role, 'writeBulletin');
  const previous = versions.data?.find((version) => version.version === data.currentVersion - 1);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="bulletin-title">
              {data.content.title}
            </Typography.Title>
            <StatusTag status={data.status} />
            {data.priority === 'urgent' && <Tag color="red">紧急</Tag>}
          </Space>
        }
        extra={
          <Actions
            bulletin={data}
            progress={progress}
            reviewer={reviewer}
            writer={writer}
            refresh={refresh}
            onEdit={() => navigate(`/bulletins/${id}/edit`)}
          />
        }
      >
        {data.reviewNote && data.status === BulletinStatus.Draft && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="审核意见（已退回修改）"
            description={data.reviewNote}
            data-testid="review-note"
          />
        )}
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'kind', label: '类型', children: kindLabel(data.kind) },
            { key: 'seq', label: '编号', children: data.seq },
            { key: 'priority', label: '优先级', children: BULLETIN_PRIORITY_LABELS[data.priority] },
            { key: 'issuer', label: '发布单位', children: unitName(units.data, data.issuerUnitId) },
            { key: 'version', label: '版本', children: data.currentVersion },
            { key: 'created', label: '创建时间', children: dateTime(data.createdAt) },
            { key: 'published', label: '发布时间', children: dateTime(data.publishedAt) },
            { key: 'scheduled', label: '定时发布', children: dateTime(data.publishAt) },
            { key: 'valid', label: '有效期至', children: dateTime(data.validUntil) },
            {
              key: 'public',
              label: '公开页面',
              children: data.publicUrl ? (
                <Typography.Link href={data.publicUrl} target="_blank" copyable>
                  {data.publicUrl}
                </Typography.Link>
              ) : (
                '发布后生成'
              ),
            },
          ]}
        />
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{data.content.body}</Typography.Paragraph>
        {data.content.resolution && (
          <Alert
            type="success"
            showIcon
            title={`已结案：${RESOLUTION_OUTCOME_LABELS[data.content.resolution.outcome]}`}
            description={data.content.resolution.note}
          />
        )}
      </Card>

      {data.status === BulletinStatus.PendingReview && (
        <Card title={previous ? `与上一版本（第 ${previous.version} 版）的差异` : '首个版本：以下为全部内容'} data-testid="version-diff">
          <ChangesTable changes={contentChanges(previous?.content ?? {}, versionContent(versions.data, data.currentVersion))} />
        </Card>
      )}

      {SHOWS_PROGRESS.has(data.status) && PERSON_STATUSES_OF_KIND[data.kind] && (
        <PersonsPanel bulletin={data} mayRecord={writer || reviewer} refresh={refresh} />
      )}

      {SHOWS_PROGRESS.has(data.status) && <ProgressPanel progress={progress} />}

      {SHOWS_PROGRESS.has(data.status) && <RepostBoardPanel bulletinId={id} progress={progress} />}

      {SHOWS_PROGRESS.has(data.status) && <DeliveriesPanel bulletinId={id} progress={progress} />}

      {SHOWS_PROGRESS.has(data.status) && (
        <ProposalsPanel bulletin={data} proposals={proposals.data ?? []} reviewer={reviewer} refresh={refresh} />
      )}

      {(data.status === BulletinStatus.PendingReview ||
        data.status === BulletinStatus.Approved ||
        data.status === BulletinStatus.Draft) && (
        <>
          <TargetPreviewPanel bulletinId={id} version={data.currentVersion} />
          <PlatformPreviews bulletinId={id} version={data.currentVersion} />
        </>
      )}
    </Space>
  );
}

function versionContent(versions: BulletinVersion[] | undefined, version: number): object {
  return (versions?.find((candidate) => candidate.version === version)?.content as object) ?? {};
}

function livePosts(progress: FanOutProgress | undefined): number {
  return LIVE_POST_STATES.reduce((total, state) => total + (progress?.byState[state] ?? 0), 0);
}

function Actions(props: {
  bulletin: BulletinView;
  progress: FanOutProgress | undefined;
  reviewer: boolean;
  writer: boolean;
  refresh: unknown[][];
  onEdit: () => void;
}) {
  const { bulletin, reviewer, writer, refresh } = props;
  const id = bulletin.id;
  const { modal } = App.useApp();
  const [dialog, setDialog] = useState<'reject' | 'schedule' | 'update' | 'resolve' | 'outcome' | 'withdraw' | null>(null);
  const path = { params: { path: { id } } };

  const submit = useAction(() => must(api.POST('/bulletins/{id}/submit', path)), { done: '已提交审核', refresh });
  const approve = useAction(() => must(api.POST('/bulletins/{id}/approve', path)), { done: '已批准，可以发布', refresh });
  const reject = useAction((reason: string) => must(api.POST('/bulletins/{id}/reject', { ...path, body: { reason } })), {
    done: '已退回编辑修改',
    refresh,
    onDone: () => setDialog(null),
  });
  const publish = useAction(() => must(api.POST('/bulletins/{id}/publish', path)), { done: '已开始发布', refresh });
  const schedule = useAction(
    (at: Dayjs) => must(api.POST('/bulletins/{id}/schedule', { ...path, body: { publishAt: at.toISOString() } })),
    {
      done: '已定时',
      refresh,
      onDone: () => setDialog(null),
    },
  );
  const propose = useAction(
    (values: { title: string; body: string }) =>
      must(api.POST('/bulletins/{id}/updates', { ...path, body: { ...bulletin.content, kind: bulletin.kind, ...values } as never })),
    { done: '更新已提交，待另一位审核员批准', refresh, onDone: () => setDialog(null) },
  );
  const resolve = useAction(
    (values: { outcome: ResolutionOutcome; note?: string }) => must(api.POST('/bulletins/{id}/resolve', { ...path, body: values })),
    {
      done: (answer) => ((answer as { proposal?: unknown })?.proposal ? '结案说明待另一位审核员批准' : '已结案'),
      refresh,
      onDone: () => setDialog(null),
    },
  );
  const withdraw = useAction((reason: string) => must(api.POST('/bulletins/{id}/withdraw', { ...path, body: { reason } })), {
    done: (answer) => `已撤回，${(answer as { postsToRemove: number }).postsToRemove} 条帖子正在撤下`,
    refresh,
    onDone: () => setDialog(null),
  });

  const status = bulletin.status;
  const live = LIVE.has(status);
  return (
    <Space wrap>
      {writer && status === BulletinStatus.Draft && (
        <>
          <Button onClick={props.onEdit}>编辑</Button>
          <Button type="primary" loading={submit.isPending} onClick={() => submit.mutate(undefined)}>
            提交审核
          </Button>
        </>
      )}
      {reviewer && status === BulletinStatus.PendingReview && (
        <>
          <Button type="primary" loading={approve.isPending} onClick={() => approve.mutate(undefined)}>
            批准
          </Button>
          <Button danger onClick={() => setDialog('reject')}>
            退回修改
          </Button>
        </>
      )}
      {reviewer && (status === BulletinStatus.Approved || status === BulletinStatus.Scheduled) && (
        <>
          <Button
            type="primary"
            loading={publish.isPending}
            onClick={() =>
              modal.confirm({
                title: '立即发布？',
                content: '公告将推送到所选范围内的全部账号。',
                okText: '发布',
                cancelText: '取消',
                onOk: () => publish.mutateAsync(undefined),
              })
            }
          >
            立即发布
          </Button>
          <Button onClick={() => setDialog('schedule')}>定时发布</Button>
        </>
      )}
      {live && (writer || reviewer) && <Button onClick={() => setDialog('update')}>提出更新</Button>}
      {live && reviewer && (
        <>
          <Button onClick={() => setDialog('resolve')}>结案</Button>
          <Button onClick={() => setDialog('outcome')}>记录破案结果</Button>
          <Button danger onClick={() => setDialog('withdraw')}>
            撤回
          </Button>
        </>
      )}

      <ReasonDialog
        open={dialog === 'reject'}
        title="退回修改"
        label="退回理由（编辑会看到）"
        busy={reject.isPending}
        onCancel={() => setDialog(null)}
        onOk={(reason) => reject.mutate(reason)}
      />
      <ReasonDialog
        open={dialog === 'withdraw'}
        title="撤回公告"
        notice={`撤回后将撤下已发布的 ${livePosts(props.progress)} 条帖子，未发出的投递全部取消。此操作不能恢复。`}
        label="撤回理由"
        okText={`撤回并撤下 ${livePosts(props.progress)} 条帖子`}
        busy={withdraw.isPending}
        onCancel={() => setDialog(null)}
        onOk={(reason) => withdraw.mutate(reason)}
      />
      <Modal open={dialog === 'schedule'} title="定时发布" footer={null} onCancel={() => setDialog(null)} destroyOnHidden>
        <Form name="schedule" layout="vertical" onFinish={(values: { at: Dayjs }) => schedule.mutate(values.at)}>
          <Form.Item label="发布时间" name="at" rules={[{ required: true, message: '请选择时间' }]}>
            <DatePicker showTime />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={schedule.isPending}>
            确定
          </Button>
        </Form>
      </Modal>
      <Modal
        open={dialog === 'update'}
        title="提出更新（需另一位审核员批准后发出）"
        footer={null}
        onCancel={() => setDialog(null)}
        destroyOnHidden
        width={640}
      >
        <Form
          layout="vertical"
          initialValues={{ title: bulletin.content.title, body: bulletin.content.body }}
          onFinish={(values) => propose.mutate(values)}
        >
          <Form.Item label="标题" name="title" rules={[{ required: true, message: '请填写标题' }, { max: 32 }]}>
            <Input maxLength={32} showCount />
          </Form.Item>
          <Form.Item label="正文" name="body" rules={[{ required: true, message: '请填写正文' }]}>
            <Input.TextArea rows={6} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={propose.isPending}>
            提交更新
          </Button>
        </Form>
      </Modal>
      <Modal open={dialog === 'resolve'} title="结案" footer={null} onCancel={() => setDialog(null)} destroyOnHidden>
        <Form name="resolve" layout="vertical" onFinish={(values) => resolve.mutate(values)}>
          <Form.Item label="结果" name="outcome" rules={[{ required: true, message: '请选择结果' }]}>
            <Select options={options(RESOLUTION_OUTCOME_LABELS)} />
          </Form.Item>
          <Form.Item label="公开说明（填写后需另一位审核员批准）" name="note">
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={resolve.isPending}>
            结案
          </Button>
        </Form>
      </Modal>
      {dialog === 'outcome' && <OutcomeDialog bulletinId={id} refresh={refresh} onClose={() => setDialog(null)} />}
    </Space>
  );
}

function ReasonDialog(props: {
  open: boolean;
  title: string;
  label: string;
  notice?: string;
  okText?: string;
  busy: boolean;
  onCancel: () => void;
  onOk: (reason: string) => void;
}) {
  return (
    <Modal open={props.open} title={props.title} footer={null} onCancel={props.onCancel} destroyOnHidden>
      {props.notice && <Alert type="warning" showIcon title={props.notice} style={{ marginBottom: 12 }} data-testid="dialog-notice" />}
      <Form layout="vertical" onFinish={(values: { reason: string }) => props.onOk(values.reason)}>
        <Form.Item label={props.label} name="reason" rules={[{ required: true, message: '请填写理由' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Button type="primary" danger htmlType="submit" loading={props.busy}>
          {props.okText ?? '确定'}
        </Button>
      </Form>
    </Modal>
  );
}

/** The bulletin's tips as choices for "which tips helped" (the api refuses any not verified). */
function useTipOptions(bulletinId: string) {
  const tips = useQuery({
    queryKey: ['tips', 'of', bulletinId],
    queryFn: () =>
      mustAs<{ items: Array<{ id: string; text: string; status: string }> }>(
        api.GET('/tips', { params: { query: { bulletinId, limit: 200 } } }),
      ),
  });
  return { loading: tips.isLoading, options: (tips.data?.items ?? []).map((tip) => ({ value: tip.id, label: tip.text.slice(0, 40) })) };
}

/** When, where and through which tips: what a case outcome and a person's outcome both record. */
function OutcomeFields({ tips }: { tips: ReturnType<typeof useTipOptions> }) {
  return (
    <>
      <Form.Item label="发生时间" name="occurredAt" rules={[{ required: true, message: '请选择时间' }]}>
        <DatePicker showTime />
      </Form.Item>
      <Form.Item label="地点" name="place">
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label="有帮助的线索（须为已核实的线索）" name="contributingTipIds">
        <Select mode="multiple" options={tips.options} loading={tips.loading} />
      </Form.Item>
    </>
  );
}

function OutcomeDialog({ bulletinId, refresh, onClose }: { bulletinId: string; refresh: unknown[][]; onClose: () => void }) {
  const tips = useTipOptions(bulletinId);
  const [form] = Form.useForm();
  const contributing: string[] = Form.useWatch('contributingTipIds', form) ?? [];
  const record = useAction(
    (values: {
      outcome: ResolutionOutcome;
      occurredAt: Dayjs;
      place?: string;
      note?: string;
      contributingTipIds?: string[];
      decisiveTipId?: string;
    }) =>
      must(
        api.POST('/bulletins/{id}/outcome', {
          params: { path: { id: bulletinId } },
          body: { ...values, occurredAt: values.occurredAt.toISOString(), contributingTipIds: values.contributingTipIds ?? [] },
        }),
      ),
    { done: '破案结果已记录', refresh, onDone: onClose },
  );
  return (
    <Modal open title="记录破案结果" footer={null} onCancel={onClose} width={640}>
      <Form name="outcome" form={form} layout="vertical" onFinish={(values) => record.mutate(values)}>
        <Form.Item label="结果" name="outcome" rules={[{ required: true, message: '请选择结果' }]}>
          <Select options={options(RESOLUTION_OUTCOME_LABELS)} />
        </Form.Item>
        <OutcomeFields tips={tips} />
        <Form.Item label="决定性线索" name="decisiveTipId">
          <Select allowClear options={tips.options.filter((option) => contributing.includes(option.value))} />
        </Form.Item>
        <Form.Item label="公开说明" name="note">
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          记录
        </Button>
      </Form>
    </Modal>
  );
}

type NoticePerson = Schemas['NoticePerson'];

/**
 * Each person the notice names and what became of them. An editor or reviewer picks the persons
 * resolved together and records how; the update that says so waits for a second person.
 */
function PersonsPanel({ bulletin, mayRecord, refresh }: { bulletin: BulletinView; mayRecord: boolean; refresh: unknown[][] }) {
  const persons = useQuery({
    queryKey: ['persons', bulletin.id, bulletin.currentVersion],
    queryFn: () => mustAs<NoticePerson[]>(api.GET('/bulletins/{id}/persons', { params: { path: { id: bulletin.id } } })),
  });
  const statuses = PERSON_STATUSES_OF_KIND[bulletin.kind]!;
  const [selected, setSelected] = useState<number[]>([]);
  const [recording, setRecording] = useState(false);
  const rows = persons.data ?? [];
  if (rows.length === 0) return null;
  const resolved = rows.filter((person) => person.status !== statuses.open).length;
  const open = (person: NoticePerson) => person.status === statuses.open && !person.pending;
  return (
    <Card
      title={`涉及人员（${resolved}/${rows.length} 已${bulletin.kind === 'missing_person' ? '找到' : '到案'}）`}
      data-testid="persons"
      extra={
        mayRecord &&
        LIVE.has(bulletin.status) && (
          <Button type="primary" disabled={selected.length === 0} onClick={() => setRecording(true)}>
            记录所选 {selected.length} 人的结果
          </Button>
        )
      }
    >
      <Table<NoticePerson>
        size="small"
        rowKey="person"
        pagination={false}
        dataSource={rows}
        loading={persons.isLoading}
        rowSelection={
          mayRecord && LIVE.has(bulletin.status)
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as number[]),
                getCheckboxProps: (person) => ({ disabled: !open(person), 'aria-label': `选择${person.name}` }),
              }
            : undefined
        }
        columns={[
          { title: '序号', dataIndex: 'person', render: (person: number) => person + 1 },
          { title: '姓名', dataIndex: 'name' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (status: PersonStatus, person) => (
              <Space>
                <Tag color={status === statuses.open ? 'red' : 'green'} data-person-status={status}>
                  {PERSON_STATUS_LABELS[status]}
                </Tag>
                {person.pending && <Tag color="gold">待批准：{PERSON_STATUS_LABELS[person.pending.status as PersonStatus]}</Tag>}
              </Space>
            ),
          },
          { title: '时间', dataIndex: 'occurredAt', render: (at: string | null) => dateTime(at) },
          { title: '地点', dataIndex: 'place', render: (place: string | null) => place ?? '' },
          { title: '相关线索', dataIndex: 'contributingTipIds', render: (tips: string[]) => (tips.length ? `${tips.length} 条` : '') },
        ]}
      />
      {recording && (
        <PersonOutcomeDialog
          bulletin={bulletin}
          persons={rows.filter((person) => selected.includes(person.person))}
          refresh={[...refresh, ['persons', bulletin.id]]}
          onClose={(done) => {
            setRecording(false);
            if (done) setSelected([]);
          }}
        />
      )}
    </Card>
  );
}

function PersonOutcomeDialog(props: {
  bulletin: BulletinView;
  persons: NoticePerson[];
  refresh: unknown[][];
  onClose: (done: boolean) => void;
}) {
  const { bulletin, persons } = props;
  const tips = useTipOptions(bulletin.id);
  const record = useAction(
    (values: { status: PersonStatus; occurredAt: Dayjs; place?: string; contributingTipIds?: string[] }) =>
      must(
        api.POST('/bulletins/{id}/person-outcomes', {
          params: { path: { id: bulletin.id } },
          body: {
            outcomes: persons.map((person) => ({
              person: person.person,
              status: values.status,
              occurredAt: values.occurredAt.toISOString(),
              place: values.place || undefined,
              contributingTipIds: values.contributingTipIds ?? [],
            })),
          },
        }),
      ),
    { done: '已记录，更新待另一位审核员批准后发出', refresh: props.refresh, onDone: () => props.onClose(true) },
  );
  const resolvedOptions = PERSON_STATUSES_OF_KIND[bulletin.kind]!.resolved.map((status) => ({
    value: status,
    label: PERSON_STATUS_LABELS[status],
  }));
  return (
    <Modal
      open
      title={`记录结果：${persons.map((person) => person.name).join('、')}`}
      footer={null}
      onCancel={() => props.onClose(false)}
      width={640}
    >
      <Form name="person-outcome" layout="vertical" onFinish={(values) => record.mutate(values)}>
        <Form.Item label="结果" name="status" rules={[{ required: true, message: '请选择结果' }]}>
          <Select options={resolvedOptions} />
        </Form.Item>
        <OutcomeFields tips={tips} />
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          记录
        </Button>
      </Form>
    </Modal>
  );
}

function ProgressPanel({ progress }: { progress: FanOutProgress | undefined }) {
  if (!progress) return <Card title="发布进度" loading />;
  const now = Date.now();
  const nextRing = progress.rings.find((ring) => ring.expandedAt === null);
  return (
    <Card title="发布进度" data-testid="progress">
      <Row gutter={16} align="middle">
        <Col span={6}>
          <Progress
            type="circle"
            percent={progress.percentDone}
            format={(percent) => `${percent}%`}
            aria-label="总进度"
            data-testid="progress-percent"
            data-value={progress.percentDone}
          />
        </Col>
        <Col span={6}>
          <Statistic title="投递总数" value={progress.total} />
          <Statistic title="已完成" value={progress.finished} />
        </Col>
        <Col span={12}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'first', label: '首条发布', children: dateTime(progress.firstPostedAt) },
              { key: 'last', label: '最近发布', children: dateTime(progress.lastPostedAt) },
              {
                key: 'next',
                label: '下一圈扩大',
                children: nextRing
                  ? `第 ${nextRing.ring + 1} 圈，${dateTime(nextRing.dueAt)}（${Math.max(0, Math.round((new Date(nextRing.dueAt).getTime() - now) / 60_000))} 分钟后）`
                  : '无待扩大的圈层',
              },
            ]}
          />
        </Col>
      </Row>
      <Table
        size="small"
        style={{ marginTop: 12 }}
        rowKey="platform"
        pagination={false}
        dataSource={Object.entries(progress.byPlatform).map(([platform, counts]): StateCounts & { platform: string } => ({
          platform,
          ...counts,
        }))}
        columns={[
          { title: '平台', dataIndex: 'platform', width: 110, render: platformLabel },
          {
            title: '进度',
            render: (_: unknown, row: StateCounts) => (
              <Progress percent={row.total ? Math.floor((row.finished / row.total) * 1000) / 10 : 0} size="small" />
            ),
          },
          {
            title: '各状态数量',
            render: (_: unknown, row: StateCounts) => (
              <Space wrap size={4}>
                {Object.entries(row.byState).map(([state, n]) => (
                  <Tag key={state}>
                    {DELIVERY_STATE_LABELS[state as DeliveryState]} {count(n)}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {progress.rings.length > 0 && (
        <Timeline
          style={{ marginTop: 16 }}
          items={progress.rings.map((ring) => ({
            color: ring.expandedAt ? 'green' : 'gray',
            content: `第 ${ring.ring + 1} 圈：${ring.expandedAt ? `已于 ${dateTime(ring.expandedAt)} 扩大` : `预计 ${dateTime(ring.dueAt)} 扩大`}`,
          }))}
        />
      )}
    </Card>
  );
}

/** Each unit's reposts: who has posted, who is reviewing, who failed and why, who is late and was nudged. */
function RepostBoardPanel({ bulletinId, progress }: { bulletinId: string; progress: FanOutProgress | undefined }) {
  const board = useQuery({
    queryKey: ['bulletins', bulletinId, 'repost-board', progress?.finished],
    queryFn: () => mustAs<UnitRepost[]>(api.GET('/bulletins/{id}/repost-board', { params: { path: { id: bulletinId } } })),
    refetchInterval: 30_000,
  });
  return (
    <Card title="各单位转发情况" data-testid="repost-board">
      <Table<UnitRepost>
        size="small"
        rowKey="unitId"
        loading={board.isLoading}
        dataSource={board.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(row) => ({ 'data-unit': row.unitCode, 'data-overdue': String(row.overdue) }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: '单位', dataIndex: 'unitName' },
          { title: '账号', dataIndex: 'accounts', width: 60 },
          { title: '已发布', dataIndex: 'posted', width: 70 },
          { title: '待审核', dataIndex: 'awaitingReview', width: 70 },
          {
            title: '失败',
            render: (_: unknown, row: UnitRepost) =>
              row.failed ? (
                <Typography.Text type="danger">
                  {row.failed}
                  {row.failureReason ? `：${row.failureReason}` : ''}
                </Typography.Text>
              ) : (
                0
              ),
          },
          { title: '未送达', dataIndex: 'notYetReached', width: 70 },
          {
            title: '用时',
            width: 90,
            render: (_: unknown, row: UnitRepost) => (row.takenSeconds === null ? '—' : `${Math.round(row.takenSeconds / 60)} 分钟`),
          },
          {
            title: '催办',
            width: 140,
            render: (_: unknown, row: UnitRepost) => (
              <Space size={4}>
                {row.overdue && <Tag color="red">已超时</Tag>}
                {row.nudgeLevel === 1 && <Tag color="orange">已催办</Tag>}
                {row.nudgeLevel === 2 && <Tag color="volcano">已告知上级</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

const DELIVERIES_PAGE = 20;

/**
 * Every delivery of the bulletin: the account, its state, the lane it went out in and why (a push,
 * or a publish because the push quota was used), and what the platform answered.
 */
function DeliveriesPanel({ bulletinId, progress }: { bulletinId: string; progress: FanOutProgress | undefined }) {
  const [page, setPage] = useState(1);
  const [state, setState] = useState<DeliveryState>();
  const deliveries = useQuery({
    queryKey: ['bulletins', bulletinId, 'deliveries', page, state, progress?.finished],
    queryFn: () =>
      mustAs<{ items: DeliveryListItem[]; total: number }>(
        api.GET('/bulletins/{id}/deliveries', {
          params: { path: { id: bulletinId }, query: { limit: DELIVERIES_PAGE, offset: (page - 1) * DELIVERIES_PAGE, state } },
        }),
      ),
  });
  return (
    <Card
      title="投递明细"
      data-testid="deliveries"
      extra={
        <Select
          allowClear
          placeholder="全部状态"
          aria-label="按状态筛选"
          style={{ width: 140 }}
          value={state}
          onChange={(value) => {
            setState(value);
            setPage(1);
          }}
          options={options(DELIVERY_STATE_LABELS)}
        />
      }
    >
      <Table<DeliveryListItem>
        size="small"
        rowKey="id"
        loading={deliveries.isLoading}
        dataSource={deliveries.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: DELIVERIES_PAGE,
          total: deliveries.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        onRow={(row) => ({ 'data-lane': row.lane ?? '', 'data-state': row.state }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: '账号', dataIndex: 'accountName' },
          { title: '平台', dataIndex: 'platform', width: 100, render: platformLabel },
          { title: '状态', dataIndex: 'state', width: 100, render: (value: DeliveryState) => DELIVERY_STATE_LABELS[value] },
          {
            title: '发布方式',
            render: (_: unknown, row: DeliveryListItem) =>
              row.lane ? (
                <Space direction="vertical" size={0}>
                  <Tag color={row.lane === 'push' ? 'red' : undefined}>{POSTING_LANE_LABELS[row.lane as PostingLane]}</Tag>
                  {row.laneReason && <Typography.Text type="secondary">{LANE_REASON_LABELS[row.laneReason as LaneReason]}</Typography.Text>}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: '平台答复',
            render: (_: unknown, row: DeliveryListItem) =>
              row.lastErrorCode === 'QUOTA_EXHAUSTED' ? (
                <Typography.Text type="warning">额度已用完，{dateTime(row.nextAttemptAt)} 额度重置后自动发出</Typography.Text>
              ) : (
                (row.lastErrorReason ?? '')
              ),
          },
          {
            title: '帖子',
            width: 70,
            render: (_: unknown, row: DeliveryListItem) =>
              row.postUrl ? (
                <a href={row.postUrl} target="_blank" rel="noreferrer">
                  查看
                </a>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

function ProposalsPanel(props: { bulletin: BulletinView; proposals: Proposal[]; reviewer: boolean; refresh: unknown[][] }) {
  const { bulletin, refresh } = props;
  const me = signedInUser()?.userId;
  const [rejecting, setRejecting] = useState<string | null>(null);
  const decide = (proposalId: string) => ({ params: { path: { id: bulletin.id, proposalId } } });
  const approve = useAction((proposalId: string) => must(api.POST('/bulletins/{id}/updates/{proposalId}/approve', decide(proposalId))), {
    done: '已批准，更新正在发往各平台',
    refresh,
  });
  const reject = useAction(
    ({ proposalId, reason }: { proposalId: string; reason: string }) =>
      must(api.POST('/bulletins/{id}/updates/{proposalId}/reject', { ...decide(proposalId), body: { reason } })),
    { done: '已驳回', refresh, onDone: () => setRejecting(null) },
  );
  if (props.proposals.length === 0) return null;
  return (
    <Card title="更新与结案申请" data-testid="proposals">
      {props.proposals.map((proposal) => (
        <Card
          key={proposal.id}
          size="small"
          style={{ marginBottom: 8 }}
          title={
            <Space>
              {proposal.kind === 'update' ? '内容更新' : '结案'}
              <Tag
                color={proposal.status === 'pending' ? 'gold' : proposal.status === 'approved' ? 'green' : 'default'}
                data-status={proposal.status}
              >
                {{ pending: '待批准', approved: '已批准', rejected: '已驳回', superseded: '已作废' }[proposal.status]}
              </Tag>
              <Typography.Text type="secondary">{dateTime(proposal.proposedAt)}</Typography.Text>
            </Space>
          }
          extra={
            props.reviewer &&
            proposal.status === 'pending' &&
            (proposal.proposedBy === me ? (
              <Typography.Text type="secondary">您提出的申请，须由另一位审核员批准</Typography.Text>
            ) : (
              <Space>
                <Button type="primary" size="small" onClick={() => approve.mutate(proposal.id)} loading={approve.isPending}>
                  批准
                </Button>
                <Button size="small" danger onClick={() => setRejecting(proposal.id)}>
                  驳回
                </Button>
              </Space>
            ))
          }
        >
          <ChangesTable changes={proposal.changes} />
          {proposal.reason && <Alert type="info" title={`驳回理由：${proposal.reason}`} />}
        </Card>
      ))}
      <ReasonDialog
        open={rejecting !== null}
        title="驳回申请"
        label="驳回理由"
        busy={reject.isPending}
        onCancel={() => setRejecting(null)}
        onOk={(reason) => reject.mutate({ proposalId: rejecting!, reason })}
      />
    </Card>
  );
}
