import type { UsageRowView } from '@hangar/contracts';
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatCount, formatMs, formatTime } from '../../shared/format';
import { UsagePanel } from '../dashboard/UsagePanel';
import { downloadStream } from './download-csv';
import { usageQuery, type UsageFilters } from './usage-query';

/** The access log filtered by user, key, model and time, with totals, a chart and a CSV export. */
export function UsagePage() {
  const client = useApi();
  const { t, language } = useI18n();
  const [filters, setFilters] = useState<UsageFilters>({ sinceHours: 24 });
  const [exportError, setExportError] = useState<unknown>();
  const [isExporting, setIsExporting] = useState(false);
  const state = usePoll(() => client.listUsage({ ...usageQuery(filters, Date.now()), limit: 200 }), 5000, [
    JSON.stringify(filters),
  ]);
  const totals = state.data?.totals;

  const exportCsv = async () => {
    setIsExporting(true);
    setExportError(undefined);
    try {
      await downloadStream(await client.exportUsageCsv(usageQuery(filters, Date.now())), 'hangar-usage.csv');
    } catch (error) {
      setExportError(error);
    } finally {
      setIsExporting(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('nav.usage')}
      </Typography.Title>
      <UsagePanel refreshMs={5000} />
      <Card style={{ marginTop: 16 }} title={t('usage.accessLog')}>
        <Form<UsageFilters>
          layout="inline"
          initialValues={filters}
          onFinish={(values) => setFilters(values)}
          style={{ marginBottom: 16, rowGap: 8 }}
        >
          <Form.Item label={t('common.user')} name="user">
            <Input allowClear />
          </Form.Item>
          <Form.Item label={t('usage.key')} name="key">
            <Input allowClear />
          </Form.Item>
          <Form.Item label={t('common.model')} name="model">
            <Input allowClear />
          </Form.Item>
          <Form.Item label={t('usage.since')} name="sinceHours">
            <Select
              style={{ width: 140 }}
              options={[1, 24, 168, 720].map((hours) => ({
                value: hours,
                label: t('usage.lastHours', { hours }),
              }))}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('usage.filter')}
            </Button>
            <Button icon={<DownloadOutlined />} loading={isExporting} onClick={() => void exportCsv()}>
              {t('usage.exportCsv')}
            </Button>
          </Space>
        </Form>
        <ErrorAlert error={state.error ?? exportError} onRetry={state.reload} />
        {totals && (
          <Typography.Paragraph data-testid="usage-totals">
            {t('usage.totals', {
              requests: formatCount(totals.requests),
              errors: formatCount(totals.errors),
              prompt: formatCount(totals.promptTokens),
              completion: formatCount(totals.completionTokens),
            })}
          </Typography.Paragraph>
        )}
        <Table<UsageRowView>
          rowKey="requestId"
          size="small"
          loading={state.isLoading}
          dataSource={state.data?.data ?? []}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('usage.empty') }}
          columns={[
            {
              title: t('common.time'),
              dataIndex: 'at',
              render: (value: string) => formatTime(value, language),
            },
            { title: t('common.user'), dataIndex: 'user' },
            { title: t('usage.key'), dataIndex: 'key' },
            { title: t('common.model'), dataIndex: 'model' },
            { title: t('usage.endpoint'), dataIndex: 'endpoint' },
            { title: t('usage.status'), dataIndex: 'status' },
            {
              title: t('playground.promptTokens'),
              dataIndex: 'promptTokens',
              render: (v: number) => formatCount(v),
            },
            {
              title: t('playground.completionTokens'),
              dataIndex: 'completionTokens',
              render: (v: number) => formatCount(v),
            },
            {
              title: t('usage.cachedTokens'),
              dataIndex: 'cachedTokens',
              render: (v: number | undefined) => formatCount(v ?? 0),
            },
            { title: 'TTFT', dataIndex: 'timeToFirstTokenMs', render: (v: number | null) => formatMs(v) },
            { title: t('usage.duration'), dataIndex: 'durationMs', render: (v: number) => formatMs(v) },
          ]}
        />
      </Card>
    </>
  );
}
