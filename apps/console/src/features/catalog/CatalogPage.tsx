import { Table, Tag, Typography } from 'antd';
import { useApi } from '../../api/api-context';
import { OPTIONAL_ENDPOINTS } from '../../api/capabilities';
import { listOf, type CatalogEntryView } from '../../api/optional-views';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatBytes, formatCount } from '../../shared/format';

/** The DeepSeek family and companions, with the planner's "fits here / needs X" when the server gives it. */
export function CatalogPage() {
  const client = useApi();
  const { t } = useI18n();
  const state = usePoll(
    async () => listOf<CatalogEntryView>(await client.getJson(OPTIONAL_ENDPOINTS.catalog)),
    0,
  );
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('nav.catalog')}
      </Typography.Title>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      <Table<CatalogEntryView>
        rowKey="name"
        loading={state.isLoading}
        dataSource={state.data ?? []}
        scroll={{ x: 900 }}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('catalog.family'), dataIndex: 'family' },
          { title: t('catalog.task'), dataIndex: 'task' },
          {
            title: t('models.parameters'),
            dataIndex: 'parameterCount',
            render: (value: number | null) => formatCount(value),
          },
          {
            title: t('catalog.files'),
            render: (_, entry) =>
              (entry.files ?? []).map((file) => (
                <Tag key={file.id}>
                  {file.id} {file.sizeBytes ? formatBytes(file.sizeBytes) : ''}
                </Tag>
              )),
          },
          {
            title: t('catalog.fit'),
            render: (_, entry) =>
              entry.fit ? (
                <Tag color={entry.fit.fits ? 'success' : 'warning'} title={entry.fit.reason}>
                  {entry.fit.fits ? t('catalog.fitsHere') : (entry.fit.reason ?? t('catalog.doesNotFit'))}
                </Tag>
              ) : (
                '—'
              ),
          },
          { title: t('catalog.description'), dataIndex: 'description', ellipsis: true },
        ]}
      />
    </>
  );
}
