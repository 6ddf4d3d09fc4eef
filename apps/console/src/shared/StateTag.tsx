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

/** The tag color of a state (Ant Design preset or status name). */
export function stateColor(state: string): string {
  return COLORS[state] ?? 'default';
}

/** A state in words in the current language (an unknown state as it is). */
export function useStateLabel(): (state: string) => string {
  const { t } = useI18n();
  return (state) => (KNOWN.has(state) ? t(`state.${state}` as MessageKey) : state);
}

/** An instance's or deployment's state as a colored, translated tag. */
export function StateTag({ state }: { state: string }) {
  const label = useStateLabel()(state);
  return <Tag color={stateColor(state)}>{label}</Tag>;
}
