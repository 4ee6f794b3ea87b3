import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Empty, Image, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { api, mustAs } from '../../api/client';
import type { PlatformPreview, TargetPreview } from '../../api/views';
import { count } from '../../shared/format';
import { platformLabel } from '../../shared/labels';

/** How many live accounts each ring, platform and city would reach now, and how many would fail. */
export function TargetPreviewPanel({ bulletinId, version }: { bulletinId: string; version: number }) {
  const preview = useQuery({
    queryKey: ['target-preview', bulletinId, version],
    queryFn: () => mustAs<TargetPreview>(api.GET('/bulletins/{id}/target-preview', { params: { path: { id: bulletinId } } })),
  });
  const data = preview.data;
  return (
    <Card title="推送范围预览" loading={preview.isLoading} data-testid="target-preview">
      {data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Row gutter={16}>
            <Col span={6}>
              <Statistic title="将推送的账号" value={data.total} data-testid="target-total" />
            </Col>
            <Col span={6}>
              <Statistic
                title="凭证已过期"
                value={data.reachGap.credentialsExpired}
                styles={{ content: { color: data.reachGap.credentialsExpired ? '#cf1322' : undefined } }}
              />
            </Col>
            <Col span={6}>
              <Statistic
                title="授权被平台拒绝"
                value={data.reachGap.authRefused}
                styles={{ content: { color: data.reachGap.authRefused ? '#cf1322' : undefined } }}
              />
            </Col>
            <Col span={6}>
              <Statistic
                title="熔断中的账号"
                value={data.reachGap.breakerOpen}
                styles={{ content: { color: data.reachGap.breakerOpen ? '#cf1322' : undefined } }}
              />
            </Col>
          </Row>
          {data.reachGap.expectedToFail > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="reach-gap"
              title={`${data.reachGap.expectedToFail} 个账号现在发布会失败，请相关单位重新授权、更新凭证或排查故障。`}
            />
          )}
          <Row gutter={16}>
            <Col span={8}>
              <Table
                size="small"
                rowKey="ring"
                pagination={false}
                caption="按圈层"
                dataSource={data.byRing}
                columns={[
                  { title: '圈层', dataIndex: 'ring', render: (ring: number) => `第 ${ring + 1} 圈` },
                  { title: '半径', dataIndex: 'radiusKm', render: (km: number | null) => (km === null ? '全部范围' : `${km} 公里`) },
                  { title: '发布后', dataIndex: 'afterMinutes', render: (minutes: number) => `${minutes} 分钟` },
                  { title: '账号', dataIndex: 'accounts', render: count },
                ]}
              />
            </Col>
            <Col span={8}>
              <Table
                size="small"
                rowKey="platform"
                pagination={false}
                caption="按平台"
                dataSource={Object.entries(data.byPlatform).map(([platform, accounts]) => ({ platform, accounts }))}
                columns={[
                  { title: '平台', dataIndex: 'platform', render: platformLabel },
                  { title: '账号', dataIndex: 'accounts', render: count },
                ]}
              />
            </Col>
            <Col span={8}>
              <Table
                size="small"
                rowKey={(row) => row.cityCode ?? '-'}
                pagination={{ pageSize: 8, size: 'small' }}
                caption="按城市"
                dataSource={data.byCity}
                columns={[
                  { title: '城市', dataIndex: 'cityName', render: (name: string | null) => name ?? '省直' },
                  { title: '账号', dataIndex: 'accounts', render: count },
                ]}
              />
            </Col>
          </Row>
        </Space>
      )}
    </Card>
  );
}

/** Each platform's post as it will show, side by side, with what the platform's limits change. */
export function PlatformPreviews({ bulletinId, version }: { bulletinId: string; version: number }) {
  const previews = useQuery({
    queryKey: ['platform-preview', bulletinId, version],
    queryFn: () => mustAs<PlatformPreview[]>(api.GET('/bulletins/{id}/preview', { params: { path: { id: bulletinId } } })),
  });
  return (
    <Card title="各平台预览" loading={previews.isLoading}>
      {previews.data?.length === 0 && <Empty />}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 12 }}>
        {previews.data?.map((post) => (
          <Card key={post.platform} size="small" title={platformLabel(post.platform)} data-testid={`preview-${post.platform}`}>
            {post.title && <Typography.Title level={5}>{post.title}</Typography.Title>}
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', maxHeight: 220, overflow: 'auto' }}>{post.text}</Typography.Paragraph>
            <Space wrap>
              {post.images.slice(0, 3).map((image) => (
                <Image
                  key={image}
                  src={image}
                  width={64}
                  height={64}
                  style={{ objectFit: 'cover' }}
                  alt={`${platformLabel(post.platform)}配图`}
                />
              ))}
            </Space>
            <Descriptions size="small" column={1} items={[{ key: 'chars', label: '字数', children: post.characters }]} />
            {post.warnings.map((warning) => (
              <Tag key={warning} color="orange" style={{ whiteSpace: 'normal', marginBottom: 4 }}>
                {warning}
              </Tag>
            ))}
          </Card>
        ))}
      </div>
    </Card>
  );
}
