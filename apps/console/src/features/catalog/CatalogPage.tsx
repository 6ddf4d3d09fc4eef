import type { CatalogModelView } from '@hangar/contracts';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatBytes, formatCount } from '../../shared/format';
import { CreateDeploymentWizard } from '../deployments/CreateDeploymentWizard';
import { FitTag } from './FitTag';

/** The DeepSeek family and companions: the planner's "fits here / needs X" for this hardware, and deploy. */
export function CatalogPage() {
  const client = useApi();
  const { t } = useI18n();
  const { user, capabilities } = useSession();
  const [deploying, setDeploying] = useState<string>();
  const state = usePoll(() => client.listCatalog(), 0);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('nav.catalog')}
      </Typography.Title>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      <Table<CatalogModelView>
        rowKey="id"
        loading={state.isLoading}
        dataSource={state.data ?? []}
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('common.name'),
            render: (_, entry) => (
              <Space orientation="vertical" size={0}>
                <strong>{entry.name}</strong>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {entry.description}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('catalog.family'), dataIndex: 'family' },
          {
            title: t('catalog.task'),
            render: (_, entry) => (
              <>
                <Tag>{entry.task}</Tag>
                {entry.isReasoning && <Tag color="purple">R1</Tag>}
              </>
            ),
          },
          {
            title: t('models.parameters'),
            render: (_, entry) => formatCount(entry.architecture.parameterCount),
          },
          {
            title: t('catalog.files'),
            render: (_, entry) =>
              entry.files.slice(0, 4).map((file) => (
                <Tag key={file.id}>
                  {file.quantization} {formatBytes(file.sizeBytes)}
                </Tag>
              )),
          },
          {
            title: t('catalog.fit'),
            render: (_, entry) =>
              entry.isServable ? (
                capabilities.plans ? (
                  <FitTag model={entry.id} />
                ) : (
                  '—'
                )
              ) : (
                <Tag title={entry.notServableReason}>{t('catalog.notServable')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            render: (_, entry) =>
              user.role === 'admin' &&
              entry.isServable && (
                <Button size="small" onClick={() => setDeploying(entry.id)}>
                  {t('catalog.deploy')}
                </Button>
              ),
          },
        ]}
      />
      {deploying && (
        <CreateDeploymentWizard
          initialModel={deploying}
          onClose={() => setDeploying(undefined)}
          onCreated={() => setDeploying(undefined)}
        />
      )}
    </>
  );
}
