import { Table, Typography } from 'antd';
import { contentChanges } from '@mb/bulletins/content-diff';
import type { ContentChange } from '../api/views';

export { contentChanges };

const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  body: '正文',
  images: '照片',
  outcome: '结果',
  note: '说明',
};

function shown(value: unknown): string {
  if (value === null || value === undefined) return '（无）';
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
          render: (value: unknown) => (
            <Typography.Text delete type="secondary">
              {shown(value)}
            </Typography.Text>
          ),
        },
        { title: '新内容', dataIndex: 'after', render: (value: unknown) => <Typography.Text mark>{shown(value)}</Typography.Text> },
      ]}
    />
  );
}
