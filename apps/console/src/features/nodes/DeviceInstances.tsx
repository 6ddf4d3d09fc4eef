import type { DeviceInstanceView } from '@hangar/contracts';
import { Space, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/use-i18n';
import { stateColor, useStateLabel } from '../../shared/StateTag';

/** The instances placed on one device, each a tag linking to its deployment's detail page. */
export function DeviceInstances({ instances }: { instances: DeviceInstanceView[] | undefined }) {
  const { t } = useI18n();
  const stateLabel = useStateLabel();
  if (!instances || instances.length === 0) return <>—</>;
  return (
    <Space size={[0, 4]} wrap>
      {instances.map((instance) => (
        <Link
          key={instance.instanceId}
          to={`/deployments/${encodeURIComponent(instance.deployment)}`}
          title={t('nodes.instanceTitle', {
            id: instance.instanceId,
            state: stateLabel(instance.state),
          })}
        >
          <Tag color={stateColor(instance.state)}>
            {instance.deployment} #{instance.ordinal}
          </Tag>
        </Link>
      ))}
    </Space>
  );
}
