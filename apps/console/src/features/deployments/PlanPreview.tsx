import type { CreateDeploymentRequest } from '@hangar/contracts';
import { Alert, Spin, Typography } from 'antd';
import { useApi } from '../../api/api-context';
import type { PlanView } from '../../api/optional-views';
import { usePoll } from '../../api/use-poll';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';

/** The engine command line of a plan, whichever field the planner puts it in. */
export function planCommand(plan: PlanView): string | null {
  const command = plan.command ?? plan.argv;
  if (Array.isArray(command)) return command.join(' ');
  return typeof command === 'string' ? command : null;
}

/** The planner's answer for the wizard's request (`POST /api/plans`), shown only when the server has it. */
export function PlanPreview({ request }: { request: CreateDeploymentRequest }) {
  const client = useApi();
  const { t } = useI18n();
  const { capabilities } = useSession();
  const key = JSON.stringify(request);
  const state = usePoll(
    () => (capabilities.plans ? client.postJson<PlanView>('/api/plans', request) : Promise.resolve(null)),
    0,
    [key],
  );
  if (!capabilities.plans) return null;
  if (state.isLoading) return <Spin style={{ marginTop: 16 }} aria-label={t('common.loading')} />;
  if (state.error) return <ErrorAlert error={state.error} />;
  const plan = state.data;
  if (!plan) return null;
  const fits = plan.ok ?? plan.fits ?? true;
  const command = planCommand(plan);
  return (
    <div style={{ marginTop: 16 }}>
      <Alert
        type={fits ? 'success' : 'error'}
        showIcon
        title={fits ? t('deployments.planFits') : t('deployments.planRefused')}
        description={plan.reason ?? plan.message}
      />
      {command && (
        <>
          <Typography.Title level={2} style={{ fontSize: 14, marginTop: 12 }}>
            {t('deployments.engineCommand')}
          </Typography.Title>
          <Typography.Paragraph code copyable style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {command}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
