import { Alert, Button } from 'antd';
import { useI18n } from '../i18n/use-i18n';
import { explainError } from './error-hint';

/** An error with what to do about it, the server's message, its request id and an optional retry. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (error === undefined || error === null) return null;
  const explanation = explainError(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t(explanation.hintKey)}
      description={
        <>
          <div>{explanation.message}</div>
          {explanation.requestId && (
            <div style={{ opacity: 0.7 }}>{t('error.requestId', { id: explanation.requestId })}</div>
          )}
        </>
      }
      action={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
      style={{ marginBottom: 16 }}
    />
  );
}
