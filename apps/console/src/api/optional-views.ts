/**
 * Shapes of the endpoints that arrive with later work, as far as the console reads them. Fields are optional
 * where the final contract may differ, and the pages render only what is there. When these views move into
 * `@hangar/contracts`, import them from there instead.
 */

/** `GET /api/usage/summary?window=1h|24h`. */
export interface UsageSummaryView {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  ttftP50Ms: number | null;
  ttftP99Ms: number | null;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  series: { t: string | number; requests: number; tokens: number; errors: number }[];
  topModels: { model: string; requests: number; tokens: number }[];
  topUsers: { user: string; requests: number; tokens: number }[];
}

/** One row of `GET /api/usage` (the access log). */
export interface UsageRecordView {
  id?: string | number;
  at?: string;
  time?: string;
  user?: string | null;
  key?: string | null;
  model?: string | null;
  status?: number | string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  ttftMs?: number | null;
  durationMs?: number | null;
}

/** One device of a node (`GET /api/nodes`). */
export interface AcceleratorView {
  id: string;
  vendor: string;
  model: string;
  memoryTotalBytes: number | null;
  memoryUsedBytes: number | null;
  utilizationPercent: number | null;
  temperatureC?: number | null;
  instances?: string[];
}

/** One host (`GET /api/nodes`). */
export interface NodeView {
  name: string;
  host?: {
    cpuModel?: string | null;
    logicalCpus?: number | null;
    memoryTotalBytes?: number | null;
    memoryAvailableBytes?: number | null;
  };
  accelerators: AcceleratorView[];
}

/** One entry of `GET /api/catalog`. */
export interface CatalogEntryView {
  name: string;
  family?: string;
  task?: string;
  description?: string;
  parameterCount?: number | null;
  files?: { id: string; format?: string; quantization?: string; sizeBytes?: number | null }[];
  /** The planner's verdict for this hardware, when the server adds it. */
  fit?: { fits: boolean; reason?: string } | null;
}

/** A user (`GET /api/users`). */
export interface UserView {
  id: string;
  username: string;
  role: string;
  team?: string | null;
  createdAt?: string;
}

/** `POST /api/plans` answer: the planner's verdict and the engine command it would run. */
export interface PlanView {
  ok?: boolean;
  fits?: boolean;
  reason?: string;
  message?: string;
  command?: string | string[];
  argv?: string[];
  [field: string]: unknown;
}

/** Lists arrive as `{ data: [...] }` or as a bare array; a single node may arrive as an object. */
export function listOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body !== null && typeof body === 'object') {
    const data = (body as { data?: unknown }).data;
    if (Array.isArray(data)) return data as T[];
    const nodes = (body as { nodes?: unknown }).nodes;
    if (Array.isArray(nodes)) return nodes as T[];
    return [body as T];
  }
  return [];
}
