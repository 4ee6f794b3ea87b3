import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Drawer,
  Form,
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
import { PLATFORM_LABELS, type Platform } from '@mb/vocabulary';
import { api, mustAs } from '../../api/client';
import type { Account, Schemas } from '../../api/views';
import { count, dateTime } from '../../shared/format';
import { options, platformLabel } from '../../shared/labels';
import { FilterBar, ScreenCard, usePagedList } from '../../shared/paged-list';
import { useAction } from '../../shared/use-action';
import { unitName, unitTree, useUnits } from '../../shared/units';
import { ImportAccounts } from './import-accounts';

const CREDENTIAL_LABELS: Record<string, string> = {
  appId: 'AppID',
  appSecret: 'AppSecret',
  clientId: 'Client ID',
  clientKey: 'Client Key',
  clientSecret: 'Client Secret',
  accessToken: 'Access Token',
  refreshToken: 'Refresh Token',
  url: '接收地址（URL）',
  secret: '签名密钥',
};
const BREAKER_LABELS = { closed: '正常', open: '熔断中', half_open: '试探恢复' } as const;
const POLICY_LABELS = { auto: '自动转发', review: '审核后转发' } as const;

interface Filter {
  unitId?: string;
  platform?: Platform;
  active?: boolean;
}

export function useCredentialFields() {
  return useQuery({
    queryKey: ['credential-fields'],
    staleTime: Infinity,
    queryFn: () => mustAs<Record<string, string[]>>(api.GET('/accounts/credential-fields')),
  });
}

/** A unit's accounts on every platform: their health, repost policy and credentials (entered, never shown back). */
export default function Accounts() {
  const units = useUnits();
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const accounts = usePagedList<Account, Filter>(
    'accounts',
    (filter, page) => mustAs(api.GET('/accounts', { params: { query: { ...filter, ...page } } })),
    {
      unit: '个账号',
    },
  );
  const now = Date.now();
  return (
    <ScreenCard
      title="账号"
      extra={
        <Space>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            批量导入
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            添加账号
          </Button>
        </Space>
      }
    >
      <Tabs
        items={[
          {
            key: 'list',
            label: '账号列表',
            children: (
              <>
                <FilterBar<Filter> name="account-filter" label="筛选账号" onSearch={accounts.search}>
                  <Form.Item label="单位" name="unitId">
                    <TreeSelect
                      allowClear
                      showSearch
                      treeNodeFilterProp="title"
                      style={{ width: 220 }}
                      treeData={unitTree(units.data ?? [])}
                    />
                  </Form.Item>
                  <Form.Item label="平台" name="platform">
                    <Select allowClear style={{ width: 120 }} options={options(PLATFORM_LABELS)} />
                  </Form.Item>
                  <Form.Item label="状态" name="active">
                    <Select
                      allowClear
                      style={{ width: 100 }}
                      options={[
                        { value: true, label: '启用' },
                        { value: false, label: '停用' },
                      ]}
                    />
                  </Form.Item>
                </FilterBar>
                <Table<Account>
                  rowKey="id"
                  size="small"
                  {...accounts.table}
                  columns={[
                    { title: '名称', dataIndex: 'displayName' },
                    { title: '平台', dataIndex: 'platform', width: 90, render: platformLabel },
                    { title: '平台账号', dataIndex: 'platformAccountId' },
                    { title: '单位', dataIndex: 'unitId', render: (id: string) => unitName(units.data, id) },
                    { title: '粉丝', dataIndex: 'followers', width: 90, render: count },
                    {
                      title: '转发方式',
                      dataIndex: 'repostPolicy',
                      width: 100,
                      render: (policy: keyof typeof POLICY_LABELS) => POLICY_LABELS[policy],
                    },
                    {
                      title: '凭证',
                      dataIndex: 'tokenExpiresAt',
                      width: 130,
                      render: (at: string | null) =>
                        at && new Date(at).getTime() < now ? (
                          <Tag color="red">已过期 {dateTime(at)}</Tag>
                        ) : (
                          <Tag color="green">{at ? `有效至 ${dateTime(at)}` : '有效'}</Tag>
                        ),
                    },
                    {
                      title: '熔断',
                      dataIndex: ['breaker', 'state'],
                      width: 90,
                      render: (state: keyof typeof BREAKER_LABELS) => (
                        <Tag color={state === 'closed' ? 'default' : 'red'}>{BREAKER_LABELS[state]}</Tag>
                      ),
                    },
                    { title: '启用', dataIndex: 'active', width: 60, render: (active: boolean) => (active ? '是' : '否') },
                    {
                      title: '',
                      width: 70,
                      render: (_: unknown, account) => (
                        <Button size="small" onClick={() => setEditing(account)} aria-label={`编辑 ${account.displayName}`}>
                          编辑
                        </Button>
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
          { key: 'health', label: '凭证健康', children: <CredentialHealthPanel /> },
        ]}
      />
      {editing && <AccountDrawer account={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {importing && <ImportAccounts onClose={() => setImporting(false)} />}
    </ScreenCard>
  );
}

function AccountDrawer({ account, onClose }: { account: Account | null; onClose: () => void }) {
  const units = useUnits();
  const fields = useCredentialFields();
  const [form] = Form.useForm();
  const platform: Platform | undefined = Form.useWatch('platform', form) ?? account?.platform;
  const [replaceCredentials, setReplaceCredentials] = useState(account === null);
  const save = useAction(
    async (values: Record<string, unknown> & { credentials?: Record<string, string> }) => {
      if (!account) return mustAs<Account>(api.POST('/accounts', { body: values as never }));
      const { displayName, followers, tags, repostPolicy, active, credentials } = values;
      return mustAs<Account>(
        api.PATCH('/accounts/{id}', {
          params: { path: { id: account.id } },
          body: { displayName, followers, tags, repostPolicy, active, ...(replaceCredentials ? { credentials } : {}) } as never,
        }),
      );
    },
    { done: account ? '账号已更新' : '账号已添加', refresh: [['accounts']], onDone: onClose },
  );
  return (
    <Drawer open title={account ? `编辑账号：${account.displayName}` : '添加账号'} size={520} onClose={onClose} destroyOnHidden>
      <Form
        name="account"
        form={form}
        layout="vertical"
        initialValues={account ?? { repostPolicy: 'auto', active: true, tags: [] }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item label="单位" name="unitId" rules={[{ required: true, message: '请选择单位' }]}>
          <TreeSelect disabled={Boolean(account)} showSearch treeNodeFilterProp="title" treeData={unitTree(units.data ?? [])} />
        </Form.Item>
        <Form.Item label="平台" name="platform" rules={[{ required: true, message: '请选择平台' }]}>
          <Select disabled={Boolean(account)} options={options(PLATFORM_LABELS)} />
        </Form.Item>
        <Form.Item label="平台账号 ID" name="platformAccountId" rules={[{ required: true, message: '请填写平台账号 ID' }]}>
          <Input disabled={Boolean(account)} maxLength={128} />
        </Form.Item>
        <Form.Item label="名称" name="displayName" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label="粉丝数" name="followers">
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="标签" name="tags">
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
        <Form.Item label="转发方式" name="repostPolicy">
          <Select options={options(POLICY_LABELS)} />
        </Form.Item>
        <Form.Item label="启用" name="active" valuePropName="checked">
          <Switch />
        </Form.Item>
        {account && (
          <Space style={{ marginBottom: 12 }}>
            <Switch checked={replaceCredentials} onChange={setReplaceCredentials} aria-label="更换凭证" />
            <Typography.Text>更换凭证（已保存的凭证不会显示）</Typography.Text>
          </Space>
        )}
        {replaceCredentials && platform && (
          <Card size="small" title={`${platformLabel(platform)}凭证`} style={{ marginBottom: 12 }}>
            <Alert type="info" showIcon title="凭证加密保存，保存后任何人都不能再查看。" style={{ marginBottom: 12 }} />
            {(fields.data?.[platform] ?? []).map((field) => (
              <Form.Item
                key={field}
                label={CREDENTIAL_LABELS[field] ?? field}
                name={['credentials', field]}
                rules={[{ required: true, message: '必填' }]}
              >
                <Input.Password autoComplete="off" visibilityToggle={false} />
              </Form.Item>
            ))}
          </Card>
        )}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存
        </Button>
      </Form>
    </Drawer>
  );
}

type AccountHealth = Schemas['AccountHealth'];

/** What needs an operator before an urgent alert goes out, worst first in each row's tags. */
function healthTags(account: AccountHealth, now: number) {
  const tags: Array<[string, string]> = [];
  if (account.authRefused) tags.push(['red', '需重新授权']);
  else if (account.tokenExpired) tags.push(['red', '凭证已过期']);
  if (account.reauthoriseSoon && !account.authRefused && account.refreshTokenExpiresAt)
    tags.push([
      'orange',
      `授权 ${Math.max(0, Math.ceil((new Date(account.refreshTokenExpiresAt).getTime() - now) / 86_400_000))} 天后到期`,
    ]);
  if (account.breakerOpen) tags.push(['red', '熔断中']);
  if (account.dormant) tags.push(['gold', '长期未成功发布']);
  return tags.length ? tags : [['green', '正常']];
}

/** Credential health: which accounts will fail an alert now, and why; the daily check renews and warns. */
function CredentialHealthPanel() {
  const units = useUnits();
  const health = usePagedList<AccountHealth, { unitId?: string; problemsOnly?: boolean }>(
    'credential-health',
    (filter, page) => mustAs(api.GET('/accounts/credential-health', { params: { query: { ...filter, ...page } } })),
    { initial: { problemsOnly: true }, unit: '个账号', refetchInterval: 60_000 },
  );
  const now = Date.now();
  return (
    <>
      <FilterBar<{ unitId?: string; problemsOnly?: boolean }>
        name="health-filter"
        label="筛选凭证健康"
        initialValues={health.filter}
        onSearch={health.search}
      >
        <Form.Item label="单位" name="unitId">
          <TreeSelect allowClear showSearch treeNodeFilterProp="title" style={{ width: 220 }} treeData={unitTree(units.data ?? [])} />
        </Form.Item>
        <Form.Item label="只看有问题的" name="problemsOnly" valuePropName="checked">
          <Switch />
        </Form.Item>
      </FilterBar>
      <div data-testid="credential-health">
        <Table<AccountHealth>
          rowKey="accountId"
          size="small"
          {...health.table}
          columns={[
            { title: '名称', dataIndex: 'displayName' },
            { title: '平台', dataIndex: 'platform', width: 90, render: platformLabel },
            { title: '单位', dataIndex: 'unitName' },
            {
              title: '状态',
              key: 'state',
              render: (_: unknown, account) => (
                <Space size={4} wrap data-account-health={account.displayName}>
                  {healthTags(account, now).map(([color, text]) => (
                    <Tag key={text} color={color}>
                      {text}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: '最近成功发布', dataIndex: 'lastPostedAt', render: dateTime },
            {
              title: '最近失败',
              key: 'failure',
              render: (_: unknown, account) =>
                account.lastFailureAt ? `${dateTime(account.lastFailureAt)} ${account.lastFailureCode ?? ''}` : '—',
            },
            { title: '令牌到期', dataIndex: 'tokenExpiresAt', render: dateTime },
            { title: '授权到期', dataIndex: 'refreshTokenExpiresAt', render: dateTime },
            { title: '最近续期', dataIndex: 'renewalAttemptedAt', render: dateTime },
          ]}
        />
      </div>
    </>
  );
}
