import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter } from 'react-router-dom';
import { ApiProvider } from '../api/api-context';
import { I18nProvider } from '../i18n/I18nProvider';
import { useI18n } from '../i18n/use-i18n';
import { AuthGate } from './AuthGate';
import { useThemeMode } from './use-theme-mode';

function ThemedApp() {
  const { language } = useI18n();
  const { mode, toggle } = useThemeMode();
  return (
    <ConfigProvider
      locale={language === 'en' ? enUS : zhCN}
      theme={{ algorithm: mode === 'dark' ? theme.darkAlgorithm : theme.defaultAlgorithm }}
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
