import { Card, Descriptions, Progress, Table, Typography } from 'antd';
import { useApi } from '../../api/api-context';
import { OPTIONAL_ENDPOINTS } from '../../api/capabilities';
import { listOf, type AcceleratorView, type NodeView } from '../../api/optional-views';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatBytes } from '../../shared/format';
import { memoryPercent } from '../dashboard/AcceleratorGauges';

/** Every node with its host and each accelerator's memory, utilization, temperature and instances. */
export function NodesPage() {
  const client = useApi();
  const { t } = useI18n();
  const state = usePoll(async () => listOf<NodeView>(await client.getJson(OPTIONAL_ENDPOINTS.nodes)), 5000);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('nav.nodes')}
      </Typography.Title>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      {(state.data ?? []).map((node) => (
        <Card key={node.name} title={node.name} style={{ marginBottom: 16 }}>
          {node.host && (
            <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
              <Descriptions.Item label="CPU">{node.host.cpuModel ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('nodes.cpus')}>{node.host.logicalCpus ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('nodes.memory')}>
                {formatBytes(node.host.memoryAvailableBytes)} / {formatBytes(node.host.memoryTotalBytes)}
              </Descriptions.Item>
            </Descriptions>
          )}
          <Table<AcceleratorView>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 800 }}
            dataSource={node.accelerators ?? []}
            locale={{ emptyText: t('nodes.none') }}
            columns={[
              { title: 'ID', dataIndex: 'id' },
              { title: t('nodes.vendor'), dataIndex: 'vendor' },
              { title: t('common.model'), dataIndex: 'model' },
              {
                title: t('nodes.memory'),
                render: (_, device) => (
                  <>
                    <Progress
                      percent={memoryPercent(device) ?? 0}
                      size="small"
                      aria-label={t('nodes.memory')}
                    />
                    {formatBytes(device.memoryUsedBytes)} / {formatBytes(device.memoryTotalBytes)}
                  </>
                ),
              },
              {
                title: t('nodes.utilization'),
                dataIndex: 'utilizationPercent',
                render: (value: number | null) => (value == null ? '—' : `${value}%`),
              },
              {
                title: t('nodes.temperature'),
                dataIndex: 'temperatureC',
                render: (value: number | null | undefined) => (value == null ? '—' : `${value} °C`),
              },
              {
                title: t('deployments.instances'),
                dataIndex: 'instances',
                render: (value: string[] | undefined) => value?.join(', ') || '—',
              },
            ]}
          />
        </Card>
      ))}
    </>
  );
}
