import type { LimitSetInput } from '@hangar/contracts';
import type { MessageKey } from '../i18n/messages-zh';

/** The four limits of a user, team or key, in the order forms and tables show them. */
export const LIMIT_NAMES = [
  'requestsPerMinute',
  'tokensPerMinute',
  'tokensPerDay',
  'tokensPerMonth',
] as const;

export type LimitName = (typeof LIMIT_NAMES)[number];

/** What a limits form holds: a blank field (null or undefined) means "no limit". */
export type LimitFormValues = Partial<Record<LimitName, number | null>>;

/** The label of each limit's form field. */
export const LIMIT_LABELS: Record<LimitName, MessageKey> = {
  requestsPerMinute: 'limits.requestsPerMinute',
  tokensPerMinute: 'limits.tokensPerMinute',
  tokensPerDay: 'limits.tokensPerDay',
  tokensPerMonth: 'limits.tokensPerMonth',
};

/** How a set limit reads in a table cell (`{value}` filled in). */
export const LIMIT_SHORT_LABELS: Record<LimitName, MessageKey> = {
  requestsPerMinute: 'limits.requestsPerMinuteShort',
  tokensPerMinute: 'limits.tokensPerMinuteShort',
  tokensPerDay: 'limits.tokensPerDayShort',
  tokensPerMonth: 'limits.tokensPerMonthShort',
};

/** The limit set the server takes: blank fields are left out (no limit); the server wants positive integers. */
export function limitsFromForm(values: LimitFormValues | undefined): LimitSetInput {
  const limits: LimitSetInput = {};
  for (const name of LIMIT_NAMES) {
    const value = values?.[name];
    if (value != null && Number.isFinite(value)) limits[name] = Math.trunc(value);
  }
  return limits;
}

/** A limit set as form values (an unset limit stays blank). */
export function limitsToForm(
  limits: Partial<Record<string, number | undefined>> | undefined,
): LimitFormValues {
  const values: LimitFormValues = {};
  for (const name of LIMIT_NAMES) {
    const value = limits?.[name];
    if (typeof value === 'number') values[name] = value;
  }
  return values;
}
