import { Alert, Tabs, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { ChatPlayground } from './ChatPlayground';
import { EmbeddingPlayground } from './EmbeddingPlayground';

/** Chat and embeddings against the deployments that have a ready instance. */
export function PlaygroundPage() {
  const client = useApi();
  const { t } = useI18n();
  // The gateway serves a deployment under its name; only deployments with a ready replica can answer.
  const state = usePoll(
    async () => (await client.listDeployments()).filter((d) => d.readyReplicas > 0).map((d) => d.name),
    10_000,
  );
  const models = state.data ?? [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('nav.playground')}
      </Typography.Title>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      {!state.isLoading && models.length === 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('playground.noModels')}
          description={<Link to="/deployments">{t('playground.deployFirst')}</Link>}
        />
      )}
      <Tabs
        items={[
          { key: 'chat', label: t('playground.chat'), children: <ChatPlayground models={models} /> },
          {
            key: 'embeddings',
            label: t('playground.embeddings'),
            children: <EmbeddingPlayground models={models} />,
          },
        ]}
      />
    </>
  );
}
