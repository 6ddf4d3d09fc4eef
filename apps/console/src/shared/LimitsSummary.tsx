import { useI18n } from '../i18n/use-i18n';
import { formatCount } from './format';
import { LIMIT_NAMES, LIMIT_SHORT_LABELS } from './limits';

/** A limit set in one line ("60 requests/min · 100K tokens/day"), or "unlimited". */
export function LimitsSummary({
  limits,
}: {
  limits: Partial<Record<string, number | undefined>> | undefined;
}) {
  const { t } = useI18n();
  const parts = LIMIT_NAMES.flatMap((name) => {
    const value = limits?.[name];
    return typeof value === 'number' ? [t(LIMIT_SHORT_LABELS[name], { value: formatCount(value) })] : [];
  });
  return <>{parts.length > 0 ? parts.join(' · ') : t('limits.unlimited')}</>;
}
