import { Button, Space } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/use-i18n';

/** The centered frame of the login and password pages, with the language switch. */
export function AuthFrame({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 16 }}>
      <div style={{ width: 'min(400px, 100%)' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
          <strong style={{ fontSize: 20 }}>Hangar</strong>
          <Button size="small" onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}>
            {t('shell.switchLanguage')}
          </Button>
        </Space>
        {children}
      </div>
    </main>
  );
}
