import type { AcceleratorView } from '@hangar/contracts';
import { Alert, Card, Descriptions, Progress, Table, Tag, Typography } from 'antd';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatBytes } from '../../shared/format';
import { memoryPercent } from '../dashboard/memory-percent';
import { DeviceInstances } from './DeviceInstances';

/** Every node with its host and each accelerator's memory, utilization, temperature, power and instances. */
export function NodesPage() {
  const client = useApi();
  const { t } = useI18n();
  const state = usePoll(() => client.listNodes(), 5000);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('nav.nodes')}
      </Typography.Title>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      {(state.data ?? []).map((node) => (
        <Card key={node.name} title={node.name} style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="CPU">{node.host.cpuModel ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('nodes.cpus')}>{node.host.logicalCpus ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('nodes.ram')}>
              {formatBytes(node.host.memoryAvailableBytes)} / {formatBytes(node.host.memoryTotalBytes)}
            </Descriptions.Item>
          </Descriptions>
          {node.problems.map((problem) => (
            <Alert
              key={problem.source}
              type="warning"
              showIcon
              title={`${problem.source}: ${problem.message}`}
              style={{ marginBottom: 12 }}
            />
          ))}
          <Table<AcceleratorView>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 1040 }}
            dataSource={node.accelerators}
            locale={{ emptyText: t('nodes.none') }}
            columns={[
              { title: 'ID', dataIndex: 'id' },
              {
                title: t('nodes.vendor'),
                dataIndex: 'vendor',
                render: (value: string) => <Tag>{value}</Tag>,
              },
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
                render: (value: number | null) => (value == null ? '—' : `${value} °C`),
              },
              {
                title: t('nodes.power'),
                dataIndex: 'powerW',
                render: (value: number | null) => (value == null ? '—' : `${value} W`),
              },
              {
                title: t('nodes.instances'),
                render: (_, device) => <DeviceInstances instances={device.instances} />,
              },
              {
                title: t('nodes.engines'),
                render: (_, device) => device.capabilities.engines.join(', ') || '—',
              },
            ]}
          />
        </Card>
      ))}
    </>
  );
}
