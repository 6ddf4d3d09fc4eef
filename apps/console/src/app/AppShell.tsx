import {
  LogoutOutlined,
  MoonOutlined,
  SunOutlined,
  TranslationOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Spin, Tooltip, theme } from 'antd';
import { Suspense, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/use-i18n';
import { ROUTES } from './routes';
import { useSession } from './session-context';

/** Menu on the side (collapsing below a laptop width), switches in the header, the page in the middle. */
export function AppShell() {
  const { t, language, setLanguage } = useI18n();
  const { user, capabilities, themeMode, toggleTheme, logout } = useSession();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const location = useLocation();
  const [isCollapsed, setIsCollapsed] = useState(false);
  const routes = ROUTES.filter((route) => !route.needs || capabilities[route.needs]);
  const selected =
    routes
      .filter(
        (route) =>
          route.menu &&
          (route.path === '/' ? location.pathname === '/' : location.pathname.startsWith(route.path)),
      )
      .map((route) => route.path)[0] ?? '/';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsible
        collapsed={isCollapsed}
        onCollapse={setIsCollapsed}
        theme={themeMode}
        width={208}
      >
        <div style={{ padding: '16px 20px', fontWeight: 700, fontSize: 18, color: token.colorPrimary }}>
          {isCollapsed ? 'H' : 'Hangar'}
        </div>
        <nav aria-label={t('shell.navigation')}>
          <Menu
            mode="inline"
            theme={themeMode}
            selectedKeys={[selected]}
            onClick={({ key }) => void navigate(key)}
            items={routes.flatMap((route) =>
              route.menu ? [{ key: route.path, icon: route.menu.icon, label: t(route.menu.labelKey) }] : [],
            )}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: '0 16px',
            display: 'flex',
            justifyContent: 'flex-end',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Space>
            <Tooltip title={t('shell.switchLanguage')}>
              <Button
                icon={<TranslationOutlined />}
                onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}
                data-testid="language-switch"
              >
                {language === 'en' ? '中文' : 'English'}
              </Button>
            </Tooltip>
            <Button
              icon={themeMode === 'dark' ? <SunOutlined /> : <MoonOutlined />}
              onClick={toggleTheme}
              aria-label={themeMode === 'dark' ? t('shell.lightMode') : t('shell.darkMode')}
            />
            <Dropdown
              menu={{
                items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('shell.logout') }],
                onClick: () => void logout(),
              }}
            >
              <Button icon={<UserOutlined />}>{user.username}</Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <Suspense fallback={<Spin aria-label={t('common.loading')} />}>
            <Routes>
              {routes.map(({ path, page: Page }) => (
                <Route key={path} path={path} element={<Page />} />
              ))}
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
