export { createApiClient, type ApiClient, type ApiClientOptions } from './api-client.js';
export { ApiError, isApiError, apiErrorFromBody } from './api-error.js';
export type { FetchFunction } from './http-transport.js';
export { parseServerSentEvents, type ServerSentEvent } from './sse-parser.js';
export type { PlanningApi } from './planning-client.js';
export type {
  GovernanceApi,
  UsageFilterQuery,
  UsageGroupBy,
  UsageListQuery,
  UsagePage,
} from './governance-client.js';
