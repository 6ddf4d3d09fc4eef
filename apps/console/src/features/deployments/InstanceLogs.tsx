import { Card, Empty, Switch, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';

/** The selected instance's log, polled every two seconds while "follow" is on. */
export function InstanceLogs({ instanceId }: { instanceId: string | undefined }) {
  const client = useApi();
  const { t } = useI18n();
  const [isFollowing, setIsFollowing] = useState(true);
  const state = usePoll(
    async () => (instanceId ? (await client.getInstanceLogs(instanceId, { tail: 300 })).lines : []),
    isFollowing ? 2000 : 0,
    [instanceId],
  );
  const bottom = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (isFollowing && bottom.current) bottom.current.scrollTop = bottom.current.scrollHeight;
  }, [state.data, isFollowing]);

  return (
    <Card
      title={t('deployments.logs')}
      extra={
        <Space>
          <label htmlFor="follow-logs">{t('deployments.followLogs')}</label>
          <Switch id="follow-logs" size="small" checked={isFollowing} onChange={setIsFollowing} />
        </Space>
      }
    >
      <ErrorAlert error={state.error} onRetry={state.reload} />
      {!instanceId || (state.data?.length ?? 0) === 0 ? (
        <Empty description={t('deployments.noLogs')} />
      ) : (
        <pre
          ref={bottom}
          tabIndex={0}
          aria-label={t('deployments.logs')}
          style={{ maxHeight: 360, overflow: 'auto', fontSize: 12, margin: 0, whiteSpace: 'pre-wrap' }}
        >
          {state.data?.join('\n')}
        </pre>
      )}
    </Card>
  );
}
