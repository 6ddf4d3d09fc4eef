import type { PlanRequest } from '@hangar/contracts';
import { Alert, Descriptions, Spin, Typography } from 'antd';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatBytes, formatCount } from '../../shared/format';

/** The planner's answer for the wizard's values and the engine command it would run (when the server plans). */
export function PlanPreview({ request }: { request: PlanRequest }) {
  const client = useApi();
  const { t } = useI18n();
  const { capabilities } = useSession();
  const state = usePoll(() => (capabilities.plans ? client.createPlan(request) : Promise.resolve(null)), 0, [
    JSON.stringify(request),
  ]);
  if (!capabilities.plans) return null;
  if (state.isLoading) return <Spin style={{ marginTop: 16 }} aria-label={t('common.loading')} />;
  if (state.error) return <ErrorAlert error={state.error} />;
  const result = state.data;
  if (!result) return null;
  if (!result.ok) {
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginTop: 16 }}
        title={t('deployments.planRefused')}
        description={
          <>
            <div>{result.message}</div>
            {result.suggestions.map((suggestion) => (
              <div key={suggestion}>• {suggestion}</div>
            ))}
          </>
        }
      />
    );
  }
  const { plan } = result;
  return (
    <div style={{ marginTop: 16 }} data-testid="plan-preview">
      <Alert
        type="success"
        showIcon
        title={t('deployments.planFits')}
        description={plan.explanation.join(' ')}
      />
      <Descriptions size="small" column={2} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('deployments.planDevice')}>
          {plan.device.model} · {result.hardware}
        </Descriptions.Item>
        <Descriptions.Item label={t('deployments.planMemory')}>
          {formatBytes(plan.requiredBytesPerDevice)} / {formatBytes(plan.usableBytesPerDevice)}
        </Descriptions.Item>
        <Descriptions.Item label={t('deployments.contextTokens')}>
          {formatCount(plan.contextTokens)}
        </Descriptions.Item>
        <Descriptions.Item label={t('deployments.planConcurrency')}>
          {plan.concurrency} / {plan.maxConcurrency}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={2} style={{ fontSize: 14, marginTop: 12 }}>
        {t('deployments.engineCommand')}
      </Typography.Title>
      <Typography.Paragraph code copyable style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {[plan.engine, ...plan.engineArgs].join(' ')}
      </Typography.Paragraph>
    </div>
  );
}
