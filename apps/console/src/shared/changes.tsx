import { Table, Typography } from 'antd';
import { contentChanges } from '@mb/bulletins/content-diff';
import { PERSON_STATUS_LABELS, type PersonStatus } from '@mb/vocabulary';
import type { ContentChange } from '../api/views';
import { dateTime } from './format';

export { contentChanges };

const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  body: '正文',
  images: '照片',
  outcome: '结果',
  note: '说明',
  personStatuses: '人员状态',
};

type PersonStatusRecord = { person: number; status: PersonStatus; at: string; place?: string };

/** The persons' statuses as a reviewer reads them: "第1人 已投案（2026-12-02 19:04，龙口市公安局）". */
function personStatuses(records: PersonStatusRecord[]): string {
  return records
    .map(
      (record) =>
        `第${record.person + 1}人 ${PERSON_STATUS_LABELS[record.status]}（${[dateTime(record.at), record.place].filter(Boolean).join('，')}）`,
    )
    .join('；');
}

function shown(value: unknown, field: string): string {
  if (value === null || value === undefined) return '（无）';
  if (field === 'personStatuses' && Array.isArray(value)) return personStatuses(value as PersonStatusRecord[]);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Field by field, before and after side by side. */
export function ChangesTable({ changes }: { changes: ContentChange[] }) {
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={changes}
      locale={{ emptyText: '内容没有变化' }}
      columns={[
        { title: '字段', dataIndex: 'field', width: 200, render: (field: string) => FIELD_LABELS[field] ?? field },
        {
          title: '原内容',
          dataIndex: 'before',
          render: (value: unknown, change: ContentChange) => (
            <Typography.Text delete type="secondary">
              {shown(value, change.field)}
            </Typography.Text>
          ),
        },
        {
          title: '新内容',
          dataIndex: 'after',
          render: (value: unknown, change: ContentChange) => <Typography.Text mark>{shown(value, change.field)}</Typography.Text>,
        },
      ]}
    />
  );
}
