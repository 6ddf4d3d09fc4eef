import { Collapse, Form, Select, type FormRule } from 'antd';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { ROUTING_POLICIES } from './deployment-advanced';
import type { DeploymentFormValues } from './deployment-form';

/** The wizard's routing (policy, aliases, fallbacks) and placement (strategy, device model, node labels) fields. */
export function AdvancedFields({ rule }: { rule: (field: keyof DeploymentFormValues) => FormRule }) {
  const client = useApi();
  const { t } = useI18n();
  const { capabilities } = useSession();
  const deployments = usePoll(() => client.listDeployments(), 0);
  const nodes = usePoll(() => (capabilities.nodes ? client.listNodes() : Promise.resolve([])), 0);
  const deviceModels = [
    ...new Set((nodes.data ?? []).flatMap((node) => node.accelerators.map((device) => device.model))),
  ];
  const routing = (
    <>
      <Form.Item
        label={t('deployments.routingPolicy')}
        name="routingPolicy"
        extra={t('deployments.routingPolicyHint')}
      >
        <Select
          allowClear
          placeholder={t('common.default')}
          options={ROUTING_POLICIES.map((policy) => ({ value: policy, label: policy }))}
        />
      </Form.Item>
      <Form.Item
        label={t('deployments.aliases')}
        name="aliases"
        rules={[rule('aliases')]}
        extra={t('deployments.aliasesHint')}
      >
        <Select mode="tags" open={false} tokenSeparators={[',', ' ']} suffixIcon={null} />
      </Form.Item>
      <Form.Item
        label={t('deployments.fallbacks')}
        name="fallbacks"
        rules={[rule('fallbacks')]}
        extra={t('deployments.fallbacksHint')}
      >
        <Select
          mode="tags"
          tokenSeparators={[',', ' ']}
          options={(deployments.data ?? []).map((deployment) => ({
            value: deployment.name,
            label: deployment.name,
          }))}
        />
      </Form.Item>
    </>
  );
  const placement = (
    <>
      <Form.Item label={t('deployments.placementStrategy')} name="placementStrategy">
        <Select
          allowClear
          placeholder={t('deployments.strategyBinpack')}
          options={[
            { value: 'binpack', label: t('deployments.strategyBinpack') },
            { value: 'spread', label: t('deployments.strategySpread') },
          ]}
        />
      </Form.Item>
      <Form.Item
        label={t('deployments.deviceModel')}
        name="deviceModel"
        extra={t('deployments.deviceModelHint')}
      >
        <Select
          allowClear
          placeholder={t('deployments.anyDevice')}
          options={deviceModels.map((model) => ({ value: model, label: model }))}
        />
      </Form.Item>
      <Form.Item
        label={t('deployments.nodeLabels')}
        name="nodeLabels"
        rules={[rule('nodeLabels')]}
        extra={t('deployments.nodeLabelsHint')}
      >
        <Select mode="tags" open={false} tokenSeparators={[',', ' ']} suffixIcon={null} />
      </Form.Item>
    </>
  );
  return (
    <Collapse
      size="small"
      items={[
        { key: 'routing', label: t('deployments.routing'), children: routing },
        { key: 'placement', label: t('deployments.placementSection'), children: placement },
      ]}
    />
  );
}
