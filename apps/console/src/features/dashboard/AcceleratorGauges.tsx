import { Card, Col, Empty, Row, Typography } from 'antd';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { EChart, type ChartOption } from '../../shared/EChart';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatBytes } from '../../shared/format';
import { memoryPercent } from './memory-percent';

function gauge(name: string, value: number | null): ChartOption {
  return {
    series: [
      {
        type: 'gauge',
        radius: '95%',
        progress: { show: true, width: 10 },
        axisLine: { lineStyle: { width: 10 } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        detail: {
          valueAnimation: true,
          formatter: value == null ? '—' : '{value}%',
          fontSize: 16,
          offsetCenter: [0, 0],
        },
        title: { offsetCenter: [0, '60%'], fontSize: 12 },
        data: [{ value: value ?? 0, name }],
      },
    ],
  };
}

/** Memory and utilization gauges for every accelerator of every node. */
export function AcceleratorGauges({ refreshMs }: { refreshMs: number }) {
  const client = useApi();
  const { t } = useI18n();
  const { themeMode } = useSession();
  const state = usePoll(() => client.listNodes(), refreshMs);
  const accelerators = (state.data ?? []).flatMap((node) =>
    node.accelerators.map((accelerator) => ({ node: node.name, accelerator })),
  );
  return (
    <Card title={t('dashboard.accelerators')}>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      {accelerators.length === 0 && !state.isLoading && <Empty description={t('nodes.none')} />}
      <Row gutter={[8, 8]}>
        {accelerators.map(({ node, accelerator }) => (
          <Col key={`${node}/${accelerator.id}`} xs={24} md={12}>
            <Typography.Text strong>
              {node} · {accelerator.model}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ display: 'block' }}>
              {formatBytes(accelerator.memoryUsedBytes)} / {formatBytes(accelerator.memoryTotalBytes)}
            </Typography.Text>
            <Row>
              <Col span={12}>
                <EChart
                  height={140}
                  isDark={themeMode === 'dark'}
                  label={`${accelerator.model} ${t('nodes.memory')} ${memoryPercent(accelerator) ?? '—'}%`}
                  option={gauge(t('nodes.memory'), memoryPercent(accelerator))}
                />
              </Col>
              <Col span={12}>
                <EChart
                  height={140}
                  isDark={themeMode === 'dark'}
                  label={`${accelerator.model} ${t('nodes.utilization')} ${accelerator.utilizationPercent ?? '—'}%`}
                  option={gauge(t('nodes.utilization'), accelerator.utilizationPercent)}
                />
              </Col>
            </Row>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
