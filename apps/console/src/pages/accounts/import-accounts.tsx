import { Alert, Button, Input, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { sendRaw } from '../../api/client';
import type { ImportReport } from '../../api/views';
import { refusalText, useAction } from '../../shared/use-action';

const HEADER = 'unitCode,platform,platformAccountId,displayName,followers,tags,repostPolicy,credentials';

/** A cell as CSV writes it: quoted when it holds a comma, a quote or a line break. */
function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The first sheet of an Excel workbook as CSV text, read in the browser (the library loads only when a workbook is chosen). */
async function workbookAsCsv(file: File): Promise<string> {
  const { readSheet } = await import('read-excel-file/browser');
  const rows = await readSheet(file);
  return rows.map((row) => row.map(csvCell).join(',')).join('\n');
}

/**
 * Many accounts from a CSV file or an Excel workbook (its first sheet): the file is shown as
 * text to correct in place, every row is checked by the api before anything is registered, and
 * only a file without problems is imported.
 */
export function ImportAccounts({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [checkedText, setCheckedText] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function check() {
    setProblem(null);
    try {
      const answer = await sendRaw<ImportReport>('/accounts/import', text, 'text/csv', '?dryRun=true');
      setReport(answer);
      setCheckedText(text);
    } catch (error) {
      setReport(null);
      setProblem(refusalText(error));
    }
  }
  const register = useAction(() => sendRaw<ImportReport>('/accounts/import', text, 'text/csv'), {
    done: (answer) => `已导入 ${answer.created} 个账号`,
    refresh: [['accounts']],
    onDone: onClose,
  });
  const ready = report !== null && report.errors.length === 0 && checkedText === text;
  return (
    <Modal open title="批量导入账号" width={900} onCancel={onClose} footer={null} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">
          CSV 或 Excel（.xlsx，读取第一个工作表）的第一行为列名：<Typography.Text code>{HEADER}</Typography.Text>。标签用分号分隔，凭证为
          JSON。可直接在下方修改后重新检查。
        </Typography.Paragraph>
        <Upload
          accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          beforeUpload={async (file) => {
            try {
              setText(/\.xlsx$/i.test(file.name) ? await workbookAsCsv(file) : (await file.text()).replace(/^\uFEFF/, ''));
              setProblem(null);
            } catch (error) {
              setProblem(`文件无法读取：${(error as Error).message}`);
            }
            setReport(null);
            return false;
          }}
        >
          <Button>选择 CSV 或 Excel 文件</Button>
        </Upload>
        <Input.TextArea
          aria-label="CSV 内容"
          rows={10}
          value={text}
          onChange={(event) => setText(event.target.value)}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          data-testid="import-text"
        />
        {problem && <Alert type="error" showIcon title={problem} />}
        {report && (
          <Alert
            type={report.errors.length ? 'error' : 'success'}
            showIcon
            data-testid="import-summary"
            title={
              report.errors.length
                ? `共 ${report.received} 行，${report.errors.length} 处问题：修改后重新检查，全部无误才会导入`
                : `共 ${report.received} 行，全部通过检查，可以导入 ${report.acceptable} 个账号`
            }
          />
        )}
        {report && report.errors.length > 0 && (
          <Table
            size="small"
            rowKey={(row) => `${row.row}-${row.field}-${row.message}`}
            pagination={false}
            dataSource={report.errors}
            data-testid="import-errors"
            columns={[
              { title: '行（不含列名）', dataIndex: 'row', width: 120 },
              { title: '字段', dataIndex: 'field', width: 160 },
              { title: '问题', dataIndex: 'message' },
            ]}
          />
        )}
        <Space>
          <Button onClick={() => void check()} disabled={!text.trim()}>
            检查
          </Button>
          <Button type="primary" disabled={!ready} loading={register.isPending} onClick={() => register.mutate(undefined)}>
            导入
          </Button>
        </Space>
      </Space>
    </Modal>
  );
}
