import {
  AlertOutlined,
  AuditOutlined,
  BellOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  FileTextOutlined,
  InboxOutlined,
  RetweetOutlined,
  TeamOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '@mb/vocabulary';
import { api, must } from '../api/client';
import { signOut } from '../api/session';
import { HOME_OF, mayOpen, type Section } from './access';
import { useSession } from './use-session';

const MENU: Array<{ section: Section; path: string; label: string; icon: ReactNode }> = [
  { section: 'bulletins', path: '/bulletins', label: '公告', icon: <FileTextOutlined /> },
  { section: 'review', path: '/review', label: '审核队列', icon: <CheckSquareOutlined /> },
  { section: 'deadLetters', path: '/dead-letters', label: '失败投递', icon: <WarningOutlined /> },
  { section: 'tips', path: '/tips', label: '线索', icon: <InboxOutlined /> },
  { section: 'reposts', path: '/reposts', label: '转发审核', icon: <RetweetOutlined /> },
  { section: 'notifications', path: '/notifications', label: '通知', icon: <BellOutlined /> },
  { section: 'accounts', path: '/accounts', label: '账号', icon: <AlertOutlined /> },
  { section: 'analysis', path: '/analysis', label: '分析', icon: <BarChartOutlined /> },
  { section: 'users', path: '/users', label: '用户', icon: <TeamOutlined /> },
  { section: 'units', path: '/units', label: '单位', icon: <ClusterOutlined /> },
  { section: 'audit', path: '/audit', label: '审计', icon: <AuditOutlined /> },
];

/** The frame of every screen: the menus the role may use, who is signed in, and sign-out. */
export function ConsoleLayout() {
  const user = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  if (user === undefined) return <Spin fullscreen tip="正在恢复登录…" />;
  if (user === null) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  if (location.pathname === '/') return <Navigate to={HOME_OF[user.role]} replace />;
  const items = MENU.filter((item) => mayOpen(user.role, item.section));
  const selected = items.find((item) => location.pathname.startsWith(item.path))?.path;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={176} theme="light" breakpoint="lg" style={{ borderRight: '1px solid #f0f0f0' }}>
        <Typography.Title level={5} style={{ margin: '16px 20px' }}>
          矩阵发布
        </Typography.Title>
        <nav aria-label="主菜单">
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={items.map((item) => ({ key: item.path, icon: item.icon, label: item.label }))}
            onClick={({ key }) => navigate(key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
            paddingInline: 24,
          }}
        >
          <Dropdown
            menu={{
              items: [
                ...(user.role === 'admin' ? [{ key: 'queues', label: '投递队列看板' }] : []),
                { key: 'out', label: '退出登录' },
                { key: 'everywhere', label: '在所有设备上退出' },
              ],
              onClick: async ({ key }) => {
                if (key === 'queues') {
                  // The board is its own page: the session call gives this browser a cookie only the board's paths receive.
                  const session = await must(api.POST('/admin/queue-board/session'));
                  window.open(session.url, '_blank', 'noopener');
                  return;
                }
                await signOut(key === 'everywhere');
                navigate('/sign-in');
              },
            }}
          >
            <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
              <Space>
                <span>{user.username}</span>
                <Typography.Text type="secondary">{ROLE_LABELS[user.role]}</Typography.Text>
              </Space>
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: 20 }}>
          <main>
            <Suspense fallback={<Spin />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
