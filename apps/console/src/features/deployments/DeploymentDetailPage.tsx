import type { InstanceView } from '@hangar/contracts';
import { Card, Col, Descriptions, Row, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { StateTag } from '../../shared/StateTag';
import { formatDuration, formatTime } from '../../shared/format';
import { DownloadsCard } from '../models/DownloadsCard';
import { DeploymentActions } from './DeploymentActions';
import { EventsList } from './EventsList';
import { InstanceLogs } from './InstanceLogs';

/** One deployment: its settings, actions, instances, events (why it is pending or failed) and live logs. */
export function DeploymentDetailPage() {
  const { name = '' } = useParams();
  const client = useApi();
  const { t, language } = useI18n();
  const state = usePoll(() => client.getDeployment(name), 2000, [name]);
  const [selected, setSelected] = useState<string>();
  const deployment = state.data;
  const instanceId = selected ?? deployment?.instances[0]?.id;

  return (
    <>
      <Typography.Paragraph>
        <Link to="/deployments">← {t('nav.deployments')}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {name} {deployment && <StateTag state={deployment.state} />}
      </Typography.Title>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      {deployment && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card title={t('deployments.settings')}>
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label={t('common.model')}>{deployment.model}</Descriptions.Item>
                <Descriptions.Item label={t('deployments.engine')}>{deployment.engine}</Descriptions.Item>
                <Descriptions.Item label={t('deployments.replicas')}>
                  {deployment.readyReplicas} / {deployment.replicas}
                </Descriptions.Item>
                <Descriptions.Item label={t('deployments.contextTokens')}>
                  {deployment.options.contextTokens ?? t('common.default')}
                </Descriptions.Item>
                <Descriptions.Item label={t('deployments.parallelSequences')}>
                  {deployment.options.parallelSequences ?? t('common.default')}
                </Descriptions.Item>
                <Descriptions.Item label={t('deployments.threads')}>
                  {deployment.options.threads ?? t('common.default')}
                </Descriptions.Item>
                <Descriptions.Item label={t('common.created')}>
                  {formatTime(deployment.createdAt, language)}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <DeploymentActions deployment={deployment} onChanged={state.reload} />
          </Col>
          {deployment.instances.some((instance) => instance.state === 'downloading') && (
            <Col span={24}>
              <DownloadsCard onlyActive />
            </Col>
          )}
          <Col span={24}>
            <Card title={t('deployments.instances')}>
              <Table<InstanceView>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={deployment.instances}
                scroll={{ x: 720 }}
                locale={{ emptyText: t('deployments.noInstances') }}
                rowSelection={{
                  type: 'radio',
                  selectedRowKeys: instanceId ? [instanceId] : [],
                  onChange: (keys) => setSelected(String(keys[0])),
                  columnTitle: t('deployments.showLogs'),
                  renderCell: (_checked, _record, _index, node) => node,
                }}
                columns={[
                  { title: '#', dataIndex: 'ordinal' },
                  {
                    title: t('common.state'),
                    dataIndex: 'state',
                    render: (value: string) => <StateTag state={value} />,
                  },
                  {
                    title: t('deployments.port'),
                    dataIndex: 'port',
                    render: (value: number | null) => value ?? '—',
                  },
                  { title: 'PID', dataIndex: 'pid', render: (value: number | null) => value ?? '—' },
                  { title: t('deployments.restarts'), dataIndex: 'restarts' },
                  {
                    title: t('deployments.routingWeight'),
                    dataIndex: 'routingWeight',
                    render: (value: number | undefined) => (value === undefined ? '1' : `${value}`),
                  },
                  {
                    title: t('deployments.uptime'),
                    dataIndex: 'uptimeSeconds',
                    render: (value: number | null) => formatDuration(value),
                  },
                  {
                    title: t('deployments.lastError'),
                    dataIndex: 'lastError',
                    render: (value: string | null) => value ?? '—',
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <EventsList deployment={deployment.name} />
          </Col>
          <Col xs={24} xl={12}>
            <InstanceLogs instanceId={instanceId} />
          </Col>
        </Row>
      )}
    </>
  );
}
