export { createApiClient, type ApiClient, type ApiClientOptions } from './api-client.js';
export { ApiError, isApiError, apiErrorFromBody } from './api-error.js';
export type { FetchFunction } from './http-transport.js';
export { parseServerSentEvents, type ServerSentEvent } from './sse-parser.js';
