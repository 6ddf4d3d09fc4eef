import { Card, Col, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { EChart, type ChartOption } from '../../shared/EChart';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatCount, formatMs } from '../../shared/format';
import { WINDOW_SECONDS, formatRate, usageRates, type UsageWindow } from './usage-rates';

// Six figures share a row on a laptop screen: a smaller value font keeps "31 ms / 183 ms" on one line.
const STAT_STYLES = { content: { fontSize: 20 } };

/** Gateway traffic over the last hour or day: rates, latencies, a time series and the top models and users. */
export function UsagePanel({ refreshMs }: { refreshMs: number }) {
  const client = useApi();
  const { t } = useI18n();
  const { themeMode } = useSession();
  const [window, setWindow] = useState<UsageWindow>('1h');
  const state = usePoll(() => client.usageSummary(window), refreshMs, [window]);
  const summary = state.data;
  const rates = summary ? usageRates(summary, window) : undefined;
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 48, top: 16, bottom: 48 },
      // The whole window, not just the buckets that had traffic.
      xAxis: { type: 'time', min: Date.now() - WINDOW_SECONDS[window] * 1000, max: Date.now() },
      yAxis: [
        { type: 'value', name: t('usage.requests') },
        { type: 'value', name: t('usage.tokens') },
      ],
      series: [
        {
          type: 'line',
          name: t('usage.requests'),
          showSymbol: false,
          data: (summary?.series ?? []).map((p) => [p.t, p.requests]),
        },
        {
          type: 'line',
          name: t('usage.errors'),
          showSymbol: false,
          data: (summary?.series ?? []).map((p) => [p.t, p.errors]),
        },
        {
          type: 'bar',
          name: t('usage.tokens'),
          yAxisIndex: 1,
          data: (summary?.series ?? []).map((p) => [p.t, p.tokens]),
        },
      ],
    }),
    [summary, t, window],
  );

  return (
    <Card
      title={t('dashboard.traffic')}
      style={{ marginTop: 16 }}
      extra={
        <Segmented<UsageWindow>
          aria-label={t('dashboard.window')}
          value={window}
          onChange={setWindow}
          options={[
            { value: '1h', label: t('dashboard.lastHour') },
            { value: '24h', label: t('dashboard.lastDay') },
          ]}
        />
      }
    >
      <ErrorAlert error={state.error} onRetry={state.reload} />
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Statistic
            styles={STAT_STYLES}
            title={t('dashboard.requestsPerSecond')}
            value={rates ? formatRate(rates.requestsPerSecond) : '—'}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic
            styles={STAT_STYLES}
            title={t('dashboard.tokensPerSecond')}
            value={rates ? formatRate(rates.tokensPerSecond) : '—'}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic
            styles={STAT_STYLES}
            title={t('dashboard.errorRate')}
            value={rates ? `${(rates.errorRate * 100).toFixed(1)}%` : '—'}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic
            styles={STAT_STYLES}
            title={t('dashboard.requests')}
            value={formatCount(summary?.requests)}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic
            styles={STAT_STYLES}
            title={t('dashboard.ttft')}
            value={`${formatMs(summary?.ttftP50Ms)} / ${formatMs(summary?.ttftP99Ms)}`}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic
            styles={STAT_STYLES}
            title={t('dashboard.latency')}
            value={`${formatMs(summary?.latencyP50Ms)} / ${formatMs(summary?.latencyP99Ms)}`}
          />
        </Col>
      </Row>
      <EChart option={option} isDark={themeMode === 'dark'} label={t('dashboard.traffic')} height={260} />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('dashboard.topModels')}
          </Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey="model"
            dataSource={summary?.topModels ?? []}
            columns={[
              { title: t('common.model'), dataIndex: 'model' },
              { title: t('usage.requests'), dataIndex: 'requests', render: (v: number) => formatCount(v) },
              { title: t('usage.tokens'), dataIndex: 'tokens', render: (v: number) => formatCount(v) },
            ]}
          />
        </Col>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {t('dashboard.topUsers')}
            </Typography.Title>
            <Table
              size="small"
              pagination={false}
              rowKey="user"
              dataSource={summary?.topUsers ?? []}
              columns={[
                { title: t('common.user'), dataIndex: 'user' },
                { title: t('usage.requests'), dataIndex: 'requests', render: (v: number) => formatCount(v) },
                { title: t('usage.tokens'), dataIndex: 'tokens', render: (v: number) => formatCount(v) },
              ]}
            />
          </Space>
        </Col>
      </Row>
    </Card>
  );
}
