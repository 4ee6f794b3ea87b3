import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tabs, Typography } from 'antd';
import { Link } from 'react-router';
import { BulletinStatus, LIVE_STATUSES } from '@mb/vocabulary';
import { api, must, mustAs } from '../../api/client';
import type { Bulletin, Proposal } from '../../api/views';
import { dateTime } from '../../shared/format';
import { kindLabel, StatusTag } from '../../shared/labels';
import { unitName, useUnits } from '../../shared/units';

/** What waits for a reviewer: bulletins submitted for review, oldest first, and changes proposed to live ones. */
export default function ReviewQueue() {
  const units = useUnits();
  const pending = useQuery({
    queryKey: ['review-queue', 'bulletins'],
    queryFn: () => must(api.GET('/bulletins', { params: { query: { status: BulletinStatus.PendingReview, order: 'oldest' } } })),
  });
  const approved = useQuery({
    queryKey: ['review-queue', 'approved'],
    queryFn: () =>
      must(
        api.GET('/bulletins', {
          params: { query: { status: [BulletinStatus.Approved, BulletinStatus.Scheduled].join(','), order: 'oldest' } },
        }),
      ),
  });
  const proposals = useQuery({
    queryKey: ['review-queue', 'proposals'],
    queryFn: async () => {
      const [waiting, live] = await Promise.all([
        mustAs<Proposal[]>(api.GET('/bulletins/updates/pending')),
        must(api.GET('/bulletins', { params: { query: { status: LIVE_STATUSES.join(',') } } })),
      ]);
      return waiting.map((proposal) => ({ proposal, bulletin: live.find((bulletin) => bulletin.id === proposal.bulletinId) }));
    },
  });
  const columns = [
    { title: '标题', dataIndex: 'title', render: (title: string, row: Bulletin) => <Link to={`/bulletins/${row.id}`}>{title}</Link> },
    { title: '类型', dataIndex: 'kind', width: 90, render: kindLabel },
    { title: '状态', dataIndex: 'status', width: 100, render: (status: string) => <StatusTag status={status} /> },
    { title: '发布单位', dataIndex: 'issuerUnitId', render: (id: string) => unitName(units.data, id) },
    { title: '优先级', dataIndex: 'priority', width: 80, render: (priority: string) => (priority === 'urgent' ? '紧急' : '普通') },
    { title: '提交时间', dataIndex: 'updatedAt', width: 150, render: dateTime },
  ];
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          审核队列
        </Typography.Title>
      }
    >
      <Tabs
        items={[
          {
            key: 'pending',
            label: `待审核（${pending.data?.length ?? 0}）`,
            children: (
              <Table
                rowKey="id"
                size="middle"
                loading={pending.isLoading}
                dataSource={pending.data ?? []}
                columns={columns}
                pagination={{ pageSize: 20 }}
              />
            ),
          },
          {
            key: 'approved',
            label: `待发布（${approved.data?.length ?? 0}）`,
            children: (
              <Table
                rowKey="id"
                size="middle"
                loading={approved.isLoading}
                dataSource={approved.data ?? []}
                columns={columns}
                pagination={{ pageSize: 20 }}
              />
            ),
          },
          {
            key: 'proposals',
            label: `更新申请（${proposals.data?.length ?? 0}）`,
            children: (
              <Table
                rowKey={(row) => row.proposal.id}
                size="middle"
                loading={proposals.isLoading}
                dataSource={proposals.data ?? []}
                pagination={{ pageSize: 20 }}
                columns={[
                  {
                    title: '公告',
                    render: (_: unknown, row) => (
                      <Link to={`/bulletins/${row.proposal.bulletinId}`}>{row.bulletin?.title ?? '查看公告'}</Link>
                    ),
                  },
                  { title: '申请', render: (_: unknown, row) => (row.proposal.kind === 'update' ? '内容更新' : '结案') },
                  { title: '变更字段', render: (_: unknown, row) => row.proposal.changes.map((change) => change.field).join('、') },
                  { title: '提出时间', render: (_: unknown, row) => dateTime(row.proposal.proposedAt) },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
