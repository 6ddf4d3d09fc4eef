import type { UsageFilterQuery } from '@hangar/api-client';

/** The usage page's filters. */
export interface UsageFilters {
  user?: string;
  key?: string;
  model?: string;
  /** Look-back in hours from now. */
  sinceHours: number;
}

/** The api-client query for the filters: blank ones left out, the look-back as an ISO `from`. */
export function usageQuery(filters: UsageFilters, nowMs: number): UsageFilterQuery {
  const query: UsageFilterQuery = { from: new Date(nowMs - filters.sinceHours * 3_600_000).toISOString() };
  for (const field of ['user', 'key', 'model'] as const) {
    const value = filters[field]?.trim();
    if (value) query[field] = value;
  }
  return query;
}
