import { Empty } from 'antd';
import { useMemo } from 'react';
import { useSession } from '../../app/session-context';
import type { MessageKey } from '../../i18n/messages-zh';
import { useI18n } from '../../i18n/use-i18n';
import { EChart, type ChartOption } from '../../shared/EChart';
import { countByState } from './usage-rates';

const COLORS: Record<string, string> = {
  ready: '#52c41a',
  starting: '#1677ff',
  pending: '#faad14',
  downloading: '#13c2c2',
  failed: '#ff4d4f',
  stopping: '#8c8c8c',
  stopped: '#bfbfbf',
};

/** A doughnut of instances by state. */
export function InstancesChart({ states }: { states: string[] }) {
  const { t } = useI18n();
  const { themeMode } = useSession();
  const counts = countByState(states);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          label: { formatter: '{b}: {c}' },
          data: counts.map(({ state, count }) => ({
            name: COLORS[state] ? t(`state.${state}` as MessageKey) : state,
            value: count,
            itemStyle: { color: COLORS[state] ?? '#722ed1' },
          })),
        },
      ],
    }),
    [JSON.stringify(counts), t],
  );
  if (counts.length === 0) return <Empty description={t('dashboard.noInstances')} />;
  const summary = counts.map(({ state, count }) => `${state} ${count}`).join(', ');
  return (
    <EChart
      option={option}
      isDark={themeMode === 'dark'}
      label={`${t('dashboard.instancesByState')}: ${summary}`}
    />
  );
}
