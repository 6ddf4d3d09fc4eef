import {
  ApiOutlined,
  AppstoreOutlined,
  BarChartOutlined,
  CloudServerOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  ExperimentOutlined,
  KeyOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { Capability } from '../api/capabilities';
import type { MessageKey } from '../i18n/messages-zh';

export interface ConsoleRoute {
  path: string;
  /** The menu entry; routes without one (detail pages) are reached by links. */
  menu?: { labelKey: MessageKey; icon: ReactNode };
  /** Shown only when the server has this optional endpoint. */
  needs?: Capability;
  page: LazyExoticComponent<ComponentType>;
}

// Each page is its own chunk: the first page loads only the shell and itself (ECharts only where charts are).
const page = <T extends Record<string, ComponentType>>(load: () => Promise<T>, name: keyof T) =>
  lazy(async () => ({ default: (await load())[name]! }));

export const ROUTES: ConsoleRoute[] = [
  {
    path: '/',
    menu: { labelKey: 'nav.dashboard', icon: <DashboardOutlined /> },
    page: page(() => import('../features/dashboard/DashboardPage'), 'DashboardPage'),
  },
  {
    path: '/nodes',
    needs: 'nodes',
    menu: { labelKey: 'nav.nodes', icon: <CloudServerOutlined /> },
    page: page(() => import('../features/nodes/NodesPage'), 'NodesPage'),
  },
  {
    path: '/catalog',
    needs: 'catalog',
    menu: { labelKey: 'nav.catalog', icon: <AppstoreOutlined /> },
    page: page(() => import('../features/catalog/CatalogPage'), 'CatalogPage'),
  },
  {
    path: '/models',
    menu: { labelKey: 'nav.models', icon: <DatabaseOutlined /> },
    page: page(() => import('../features/models/ModelsPage'), 'ModelsPage'),
  },
  {
    path: '/deployments',
    menu: { labelKey: 'nav.deployments', icon: <ApiOutlined /> },
    page: page(() => import('../features/deployments/DeploymentsPage'), 'DeploymentsPage'),
  },
  {
    path: '/deployments/:name',
    page: page(() => import('../features/deployments/DeploymentDetailPage'), 'DeploymentDetailPage'),
  },
  {
    path: '/playground',
    menu: { labelKey: 'nav.playground', icon: <ExperimentOutlined /> },
    page: page(() => import('../features/playground/PlaygroundPage'), 'PlaygroundPage'),
  },
  {
    path: '/keys',
    menu: { labelKey: 'nav.keys', icon: <KeyOutlined /> },
    page: page(() => import('../features/keys/KeysPage'), 'KeysPage'),
  },
  {
    path: '/usage',
    needs: 'usage',
    menu: { labelKey: 'nav.usage', icon: <BarChartOutlined /> },
    page: page(() => import('../features/usage/UsagePage'), 'UsagePage'),
  },
  {
    path: '/users',
    needs: 'users',
    menu: { labelKey: 'nav.users', icon: <TeamOutlined /> },
    page: page(() => import('../features/users/UsersPage'), 'UsersPage'),
  },
  {
    path: '/settings',
    menu: { labelKey: 'nav.settings', icon: <SettingOutlined /> },
    page: page(() => import('../features/settings/SettingsPage'), 'SettingsPage'),
  },
];
