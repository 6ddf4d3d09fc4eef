import type { DeploymentView } from '@hangar/contracts';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { StateTag } from '../../shared/StateTag';
import { formatTime } from '../../shared/format';
import { CreateDeploymentWizard } from './CreateDeploymentWizard';

/** Every deployment with its state and replicas; the create wizard. */
export function DeploymentsPage() {
  const client = useApi();
  const { t, language } = useI18n();
  const { user } = useSession();
  const [isWizardOpen, setIsWizardOpen] = useState(false);
  const state = usePoll(() => client.listDeployments(), 3000);

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('nav.deployments')}
        </Typography.Title>
        {user.role === 'admin' && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsWizardOpen(true)}>
            {t('deployments.create')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      <Table<DeploymentView>
        rowKey="id"
        loading={state.isLoading}
        dataSource={state.data ?? []}
        scroll={{ x: 720 }}
        locale={{ emptyText: t('deployments.empty') }}
        columns={[
          {
            title: t('common.name'),
            dataIndex: 'name',
            render: (name: string) => <Link to={`/deployments/${encodeURIComponent(name)}`}>{name}</Link>,
          },
          { title: t('common.model'), dataIndex: 'model' },
          {
            title: t('common.state'),
            dataIndex: 'state',
            render: (value: string) => <StateTag state={value} />,
          },
          {
            title: t('deployments.replicas'),
            render: (_, deployment) => `${deployment.readyReplicas} / ${deployment.replicas}`,
          },
          { title: t('deployments.engine'), dataIndex: 'engine' },
          {
            title: t('deployments.placement'),
            render: (_, deployment) =>
              deployment.instances
                .map((instance) =>
                  instance.port ? `#${instance.ordinal}:${instance.port}` : `#${instance.ordinal}`,
                )
                .join(' ') || '—',
          },
          {
            title: t('common.created'),
            dataIndex: 'createdAt',
            render: (value: string) => formatTime(value, language),
          },
        ]}
      />
      {isWizardOpen && (
        <CreateDeploymentWizard
          onClose={() => setIsWizardOpen(false)}
          onCreated={() => {
            setIsWizardOpen(false);
            state.reload();
          }}
        />
      )}
    </>
  );
}
