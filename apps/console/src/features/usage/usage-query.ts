/** The usage page's filters. */
export interface UsageFilters {
  user?: string;
  key?: string;
  model?: string;
  /** Look-back in hours from now. */
  sinceHours: number;
}

/** Query parameters for `GET /api/usage` and its CSV export; blank filters are left out. */
export function usageQuery(filters: UsageFilters, nowMs: number): Record<string, string> {
  const query: Record<string, string> = {
    from: new Date(nowMs - filters.sinceHours * 3_600_000).toISOString(),
  };
  for (const field of ['user', 'key', 'model'] as const) {
    const value = filters[field]?.trim();
    if (value) query[field] = value;
  }
  return query;
}

/** The CSV export's address for the same filters. */
export function exportUrl(filters: UsageFilters, nowMs: number): string {
  return `/api/usage/export.csv?${new URLSearchParams(usageQuery(filters, nowMs)).toString()}`;
}
