import { Descriptions } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/use-i18n';
import { nodeLabelsOf } from './deployment-advanced';
import { toPlanRequest, type DeploymentFormValues } from './deployment-form';
import { PlanPreview } from './PlanPreview';

/** The wizard's last step: what will be created, then the planner's answer and the engine command. */
export function DeploymentReview({ values }: { values: DeploymentFormValues }) {
  const { t } = useI18n();
  const orDefault = (value: ReactNode | null | undefined) => value ?? t('common.default');
  const list = (items: readonly string[] | undefined) => (items?.length ? items.join(', ') : undefined);
  const labels = Object.entries(nodeLabelsOf(values.nodeLabels)).map(([key, value]) => `${key}=${value}`);
  const optional: [string, ReactNode | undefined][] = [
    [t('deployments.file'), values.file],
    [t('deployments.routingPolicy'), values.routingPolicy],
    [t('deployments.aliases'), list(values.aliases)],
    [t('deployments.fallbacks'), list(values.fallbacks)],
    [
      t('deployments.placementStrategy'),
      values.placementStrategy &&
        t(
          values.placementStrategy === 'spread'
            ? 'deployments.strategySpread'
            : 'deployments.strategyBinpack',
        ),
    ],
    [t('deployments.deviceModel'), values.deviceModel],
    [t('deployments.nodeLabels'), list(labels)],
  ];
  return (
    <>
      <Descriptions size="small" column={1} bordered styles={{ label: { width: 150 } }}>
        <Descriptions.Item label={t('common.model')}>{values.model}</Descriptions.Item>
        <Descriptions.Item label={t('deployments.name')}>{values.name || values.model}</Descriptions.Item>
        <Descriptions.Item label={t('deployments.engine')}>
          {values.engine ?? t('deployments.engineAuto')}
        </Descriptions.Item>
        <Descriptions.Item label={t('deployments.replicas')}>{values.replicas}</Descriptions.Item>
        <Descriptions.Item label={t('deployments.contextTokens')}>
          {orDefault(values.contextTokens)}
        </Descriptions.Item>
        <Descriptions.Item label={t('deployments.parallelSequences')}>
          {orDefault(values.parallelSequences)}
        </Descriptions.Item>
        <Descriptions.Item label={t('deployments.threads')}>{orDefault(values.threads)}</Descriptions.Item>
        {optional
          .filter(([, value]) => value !== undefined && value !== '')
          .map(([label, value]) => (
            <Descriptions.Item key={label} label={label}>
              {value}
            </Descriptions.Item>
          ))}
      </Descriptions>
      <PlanPreview request={toPlanRequest(values)} />
    </>
  );
}
