import { App as AntApp, ConfigProvider, theme, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter } from 'react-router-dom';
import { ApiProvider } from '../api/api-context';
import { I18nProvider } from '../i18n/I18nProvider';
import { useI18n } from '../i18n/use-i18n';
import { AuthGate } from './AuthGate';
import { useThemeMode } from './use-theme-mode';

// Ant Design's default blue (#1677ff) under white text and its 45% grey text fall short of WCAG AA 4.5:1;
// these slightly darker tokens pass (checked by axe-core in the e2e run).
const LIGHT_THEME: ThemeConfig = {
  algorithm: theme.defaultAlgorithm,
  token: {
    colorPrimary: '#0958d9',
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorSuccessText: '#237804',
    colorWarningText: '#ad4e00',
    colorErrorText: '#a8071a',
    colorInfoText: '#003eb3',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    // Select placeholders ("Default", "Any device") are text a user reads, not decoration.
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  },
  // Status tags write their text in the status color itself.
  components: {
    Tag: { colorSuccess: '#237804', colorWarning: '#ad4e00', colorError: '#a8071a', colorInfo: '#003eb3' },
  },
};

function ThemedApp() {
  const { language } = useI18n();
  const { mode, toggle } = useThemeMode();
  return (
    <ConfigProvider
      locale={language === 'en' ? enUS : zhCN}
      // No space inside two-character Chinese buttons ("登录", not "登 录"): screen readers read the word.
      button={{ autoInsertSpace: false }}
      theme={mode === 'dark' ? { algorithm: theme.darkAlgorithm } : LIGHT_THEME}
    >
      <AntApp>
        <BrowserRouter>
          <AuthGate themeMode={mode} toggleTheme={toggle} />
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

/** The console: language, api-client, theme, router, then the login gate and the shell. */
export function App() {
  return (
    <I18nProvider>
      <ApiProvider>
        <ThemedApp />
      </ApiProvider>
    </I18nProvider>
  );
}
