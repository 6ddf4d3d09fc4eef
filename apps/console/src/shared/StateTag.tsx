import { Tag } from 'antd';
import { useI18n } from '../i18n/use-i18n';
import type { MessageKey } from '../i18n/messages-zh';

const COLORS: Record<string, string> = {
  ready: 'success',
  running: 'success',
  starting: 'processing',
  pending: 'warning',
  downloading: 'processing',
  degraded: 'warning',
  stopping: 'default',
  stopped: 'default',
  failed: 'error',
};

const KNOWN = new Set(Object.keys(COLORS));

/** An instance's or deployment's state as a colored, translated tag. */
export function StateTag({ state }: { state: string }) {
  const { t } = useI18n();
  const label = KNOWN.has(state) ? t(`state.${state}` as MessageKey) : state;
  return <Tag color={COLORS[state] ?? 'default'}>{label}</Tag>;
}
