import type { EventView } from '@hangar/contracts';
import { Card, Table, Tag } from 'antd';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatTime } from '../../shared/format';

/** The deployment's latest events, newest first: they say why an instance is pending or failed. */
export function EventsList({ deployment }: { deployment: string }) {
  const client = useApi();
  const { t, language } = useI18n();
  const state = usePoll(() => client.listEvents({ deployment, limit: 50 }), 3000, [deployment]);
  return (
    <Card title={t('deployments.events')}>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      <Table<EventView>
        rowKey="id"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={state.data ?? []}
        locale={{ emptyText: t('deployments.noEvents') }}
        columns={[
          {
            title: t('common.time'),
            dataIndex: 'at',
            width: 170,
            render: (value: string) => formatTime(value, language),
          },
          {
            title: t('common.type'),
            dataIndex: 'type',
            render: (type: string) => (
              <Tag color={/fail|exit|error/.test(type) ? 'error' : 'default'}>{type}</Tag>
            ),
          },
          { title: t('common.message'), dataIndex: 'message' },
        ]}
      />
    </Card>
  );
}
