import { Spin, Tag, Tooltip } from 'antd';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';

/** Asks the planner whether `model` fits this node: "fits here", or what it needs, with the reason on hover. */
export function FitTag({ model }: { model: string }) {
  const client = useApi();
  const { t } = useI18n();
  const state = usePoll(() => client.createPlan({ model }), 0, [model]);
  if (state.isLoading) return <Spin size="small" aria-label={t('common.loading')} />;
  const result = state.data;
  if (!result) return <Tag>—</Tag>;
  if (result.ok) {
    return (
      <Tooltip title={result.plan.explanation.join('\n')}>
        <Tag color="success">{t('catalog.fitsHere')}</Tag>
      </Tooltip>
    );
  }
  return (
    <Tooltip title={[result.message, ...result.suggestions].join('\n')}>
      <Tag color="warning">{result.suggestions[0] ?? t('catalog.doesNotFit')}</Tag>
    </Tooltip>
  );
}
