import { useQuery } from '@tanstack/react-query';
import { Col, DatePicker, Form, Input, Row, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { ROLE_LABELS, type Role } from '@mb/vocabulary';
import { api, mustAs } from '../../api/client';
import type { AuditEvent, User } from '../../api/views';
import { dateTime } from '../../shared/format';
import { FilterBar, ScreenCard, usePagedList } from '../../shared/paged-list';

const ENTITY_TYPES = [
  { value: 'bulletin', label: '公告' },
  { value: 'tip', label: '线索' },
  { value: 'account', label: '账号' },
  { value: 'user', label: '用户' },
  { value: 'unit', label: '单位' },
  { value: 'delivery', label: '投递' },
  { value: 'media_image', label: '照片' },
];

interface Filter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  period?: [Dayjs, Dayjs];
}

function shown(value: Record<string, unknown> | null): string {
  return value ? JSON.stringify(value, null, 2) : '（无）';
}

/** Who did what to which record, when: search by entity, actor and period, before and after side by side. */
export default function Audit() {
  const users = useQuery({ queryKey: ['users'], queryFn: () => mustAs<User[]>(api.GET('/users')) });
  const events = usePagedList<AuditEvent, Filter>('audit', (filter, page) =>
    mustAs(
      api.GET('/audit', {
        params: {
          query: {
            entityType: filter.entityType,
            entityId: filter.entityId || undefined,
            actorId: filter.actorId,
            from: filter.period?.[0].startOf('day').toISOString(),
            to: filter.period?.[1].endOf('day').toISOString(),
            order: 'newest',
            ...page,
          },
        },
      }),
    ),
  );
  return (
    <ScreenCard title="审计">
      <FilterBar<Filter> name="audit-filter" label="筛选审计记录" onSearch={events.search}>
        <Form.Item label="对象类型" name="entityType">
          <Select allowClear style={{ width: 120 }} options={ENTITY_TYPES} />
        </Form.Item>
        <Form.Item label="对象编号" name="entityId">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="操作人" name="actorId">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 180 }}
            options={(users.data ?? []).map((user) => ({ value: user.id, label: `${user.displayName}（${user.username}）` }))}
          />
        </Form.Item>
        <Form.Item label="时间" name="period">
          <DatePicker.RangePicker />
        </Form.Item>
      </FilterBar>
      <Table<AuditEvent>
        rowKey="id"
        size="small"
        {...events.table}
        expandable={{
          expandedRowRender: (event) => (
            <Row gutter={16}>
              <Col span={12}>
                <Typography.Text strong>变更前</Typography.Text>
                <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>{shown(event.before)}</pre>
              </Col>
              <Col span={12}>
                <Typography.Text strong>变更后</Typography.Text>
                <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>{shown(event.after)}</pre>
              </Col>
            </Row>
          ),
        }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 150, render: dateTime },
          {
            title: '操作人',
            dataIndex: 'actorName',
            render: (name: string | null, event) =>
              name ? `${name}（${ROLE_LABELS[event.actorRole as Role] ?? event.actorRole}）` : '系统',
          },
          { title: '动作', dataIndex: 'action' },
          {
            title: '对象',
            dataIndex: 'entityType',
            render: (type: string) => ENTITY_TYPES.find((entry) => entry.value === type)?.label ?? type,
          },
          { title: '对象编号', dataIndex: 'entityId', ellipsis: true },
        ]}
      />
    </ScreenCard>
  );
}
