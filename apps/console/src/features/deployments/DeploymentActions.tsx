import type { DeploymentView } from '@hangar/contracts';
import { App, Button, Card, InputNumber, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useApi } from '../../api/api-context';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';

/** Scale, stop, start and delete (admins only). */
export function DeploymentActions({
  deployment,
  onChanged,
}: {
  deployment: DeploymentView;
  onChanged: () => void;
}) {
  const client = useApi();
  const { t } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [replicas, setReplicas] = useState<number | null>(deployment.replicas);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const isAdmin = user.role === 'admin';

  const run = async (action: string, call: () => Promise<unknown>, after?: () => void) => {
    setBusy(action);
    setError(undefined);
    try {
      await call();
      void message.success(t('common.done'));
      onChanged();
      after?.();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card title={t('deployments.actions')}>
      <ErrorAlert error={error} />
      {!isAdmin && <p>{t('deployments.adminOnly')}</p>}
      <Space wrap>
        <Space.Compact>
          <InputNumber
            aria-label={t('deployments.replicas')}
            min={0}
            max={64}
            value={replicas}
            onChange={setReplicas}
            disabled={!isAdmin}
          />
          <Button
            disabled={!isAdmin || replicas === null || replicas === deployment.replicas}
            loading={busy === 'scale'}
            onClick={() => void run('scale', () => client.scaleDeployment(deployment.name, replicas ?? 0))}
          >
            {t('deployments.scale')}
          </Button>
        </Space.Compact>
        {deployment.replicas > 0 ? (
          <Button
            disabled={!isAdmin}
            loading={busy === 'stop'}
            onClick={() => void run('stop', () => client.stopDeployment(deployment.name))}
          >
            {t('deployments.stop')}
          </Button>
        ) : (
          <Button
            disabled={!isAdmin}
            loading={busy === 'start'}
            onClick={() => void run('start', () => client.startDeployment(deployment.name))}
          >
            {t('deployments.start')}
          </Button>
        )}
        <Popconfirm
          title={t('deployments.deleteConfirm', { name: deployment.name })}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            void run(
              'delete',
              () => client.deleteDeployment(deployment.name),
              () => void navigate('/deployments'),
            )
          }
        >
          <Button danger disabled={!isAdmin} loading={busy === 'delete'}>
            {t('common.delete')}
          </Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}
