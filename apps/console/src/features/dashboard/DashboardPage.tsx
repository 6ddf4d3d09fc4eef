import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { AcceleratorGauges } from './AcceleratorGauges';
import { InstancesChart } from './InstancesChart';
import { UsagePanel } from './UsagePanel';

const REFRESH_MS = 5000;

/** The platform at a glance, refreshed every few seconds. */
export function DashboardPage() {
  const client = useApi();
  const { t } = useI18n();
  const { capabilities } = useSession();
  const state = usePoll(async () => {
    const [deployments, instances, models] = await Promise.all([
      client.listDeployments(),
      client.listInstances(),
      client.listModels(),
    ]);
    return { deployments, instances, models };
  }, REFRESH_MS);
  const deployments = state.data?.deployments ?? [];
  const ready = deployments.reduce((sum, deployment) => sum + deployment.readyReplicas, 0);
  const desired = deployments.reduce((sum, deployment) => sum + deployment.replicas, 0);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('nav.dashboard')}
      </Typography.Title>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={t('dashboard.deployments')}
              value={deployments.length}
              loading={state.isLoading}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={t('dashboard.replicasReady')}
              value={ready}
              suffix={`/ ${desired}`}
              loading={state.isLoading}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={t('dashboard.instances')}
              value={state.data?.instances.length ?? 0}
              loading={state.isLoading}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={t('dashboard.models')}
              value={state.data?.models.length ?? 0}
              loading={state.isLoading}
            />
          </Card>
        </Col>
        <Col xs={24} xl={capabilities.nodes ? 10 : 24}>
          <Card title={t('dashboard.instancesByState')}>
            <InstancesChart states={(state.data?.instances ?? []).map((instance) => instance.state)} />
          </Card>
        </Col>
        {capabilities.nodes && (
          <Col xs={24} xl={14}>
            <AcceleratorGauges refreshMs={REFRESH_MS} />
          </Col>
        )}
      </Row>
      {capabilities.usage && <UsagePanel refreshMs={REFRESH_MS} />}
    </>
  );
}
