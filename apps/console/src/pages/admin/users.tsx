import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { Role, ROLE_LABELS } from '@mb/vocabulary';
import { api, mustAs } from '../../api/client';
import type { User } from '../../api/views';
import { options } from '../../shared/labels';
import { useAction } from '../../shared/use-action';
import { unitName, unitTree, useUnits } from '../../shared/units';

const PASSWORD_RULES = [
  { required: true, message: '请填写密码' },
  { min: 12, message: '至少 12 个字符' },
  { max: 72, message: '最多 72 个字符' },
];

/** Who may work in the console: create with a role (and a unit for operators), reset, deactivate, unlock. */
export default function Users() {
  const { modal } = App.useApp();
  const units = useUnits();
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const users = useQuery({ queryKey: ['users'], queryFn: () => mustAs<User[]>(api.GET('/users')) });
  const path = (id: string) => ({ params: { path: { id } } });
  const deactivate = useAction((id: string) => mustAs<User>(api.POST('/users/{id}/deactivate', path(id))), {
    done: (user) => `已停用 ${user.username}，其所有登录已失效`,
    refresh: [['users']],
  });
  const unlock = useAction((id: string) => mustAs<User>(api.POST('/users/{id}/unlock', path(id))), {
    done: (user) => `已解除 ${user.username} 的登录限制`,
    refresh: [['users']],
  });
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          用户
        </Typography.Title>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建用户
        </Button>
      }
    >
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.isLoading}
        dataSource={users.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '角色', dataIndex: 'role', render: (role: Role) => ROLE_LABELS[role] },
          { title: '单位', dataIndex: 'unitId', render: (id: string | null) => (id ? unitName(units.data, id) : '—') },
          { title: '状态', dataIndex: 'active', render: (active: boolean) => (active ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>) },
          {
            title: '操作',
            render: (_: unknown, user) => (
              <Space>
                <Button size="small" onClick={() => setResetting(user)} aria-label={`重置 ${user.username} 的密码`}>
                  重置密码
                </Button>
                <Button size="small" onClick={() => unlock.mutate(user.id)} aria-label={`解除 ${user.username} 的登录限制`}>
                  解除锁定
                </Button>
                {user.active && (
                  <Button
                    size="small"
                    danger
                    aria-label={`停用 ${user.username}`}
                    onClick={() =>
                      modal.confirm({
                        title: `停用 ${user.username}？`,
                        content: '停用后此用户不能登录，已登录的会话立即失效。',
                        okText: '停用',
                        okButtonProps: { danger: true },
                        cancelText: '取消',
                        onOk: () => deactivate.mutateAsync(user.id),
                      })
                    }
                  >
                    停用
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {creating && <CreateUser onClose={() => setCreating(false)} />}
      {resetting && <ResetPassword user={resetting} onClose={() => setResetting(null)} />}
    </Card>
  );
}

function CreateUser({ onClose }: { onClose: () => void }) {
  const units = useUnits();
  const [form] = Form.useForm();
  const role: Role | undefined = Form.useWatch('role', form);
  const create = useAction(
    (values: { username: string; displayName: string; password: string; role: Role; unitId?: string }) =>
      mustAs<User>(api.POST('/users', { body: values })),
    { done: (user) => `已创建用户 ${user.username}`, refresh: [['users']], onDone: onClose },
  );
  return (
    <Modal open title="新建用户" footer={null} onCancel={onClose} destroyOnHidden>
      <Form name="new-user" form={form} layout="vertical" onFinish={(values) => create.mutate(values)}>
        <Form.Item
          label="用户名"
          name="username"
          rules={[
            { required: true, message: '请填写用户名' },
            { pattern: /^[a-z][a-z0-9_.-]{2,63}$/, message: '3–64 位小写字母、数字或 _ . -，以字母开头' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={options(ROLE_LABELS)} />
        </Form.Item>
        {role === Role.UnitOperator && (
          <Form.Item label="所属单位" name="unitId" rules={[{ required: true, message: '单位管理员须选择单位' }]}>
            <TreeSelect showSearch treeNodeFilterProp="title" treeData={unitTree(units.data ?? [])} />
          </Form.Item>
        )}
        <Form.Item label="初始密码" name="password" rules={PASSWORD_RULES} extra="至少 12 位且不易猜测；请线下告知本人并要求首次登录后修改">
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          创建
        </Button>
      </Form>
    </Modal>
  );
}

function ResetPassword({ user, onClose }: { user: User; onClose: () => void }) {
  const reset = useAction(
    (password: string) => mustAs<User>(api.POST('/users/{id}/password', { params: { path: { id: user.id } }, body: { password } })),
    {
      done: `已重置 ${user.username} 的密码，其所有登录已失效`,
      refresh: [['users']],
      onDone: onClose,
    },
  );
  return (
    <Modal open title={`重置 ${user.username} 的密码`} footer={null} onCancel={onClose} destroyOnHidden>
      <Form name="reset-password" layout="vertical" onFinish={(values: { password: string }) => reset.mutate(values.password)}>
        <Form.Item label="新密码" name="password" rules={PASSWORD_RULES}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={reset.isPending}>
          重置
        </Button>
      </Form>
    </Modal>
  );
}
