import type {
  AddModelRequest,
  ApiKeyView,
  ChangePasswordRequest,
  ChatCompletionChunk,
  ChatCompletionRequest,
  CreateDeploymentRequest,
  CreateKeyRequest,
  CreatedApiKey,
  DeploymentView,
  DownloadView,
  EmbeddingList,
  EmbeddingRequest,
  EventView,
  HealthView,
  InstanceLogsView,
  InstanceView,
  LoginRequest,
  ModelList,
  ModelView,
  PullModelRequest,
  SessionView,
} from '@hangar/contracts';
import { readChatStream } from './chat-stream.js';
import { governanceMethods, type GovernanceApi } from './governance-client.js';
import { HttpTransport, type TransportOptions } from './http-transport.js';
import { planningMethods, type PlanningApi } from './planning-client.js';

export type ApiClientOptions = TransportOptions;

/** Typed client for Hangar's admin API (`/api/*`) and the chat surface of its gateway (`/v1/*`). */
export interface ApiClient extends PlanningApi, GovernanceApi {
  readonly baseUrl: string;
  health(): Promise<HealthView>;
  login(request: LoginRequest): Promise<SessionView>;
  logout(): Promise<void>;
  me(): Promise<SessionView['user']>;
  changePassword(request: ChangePasswordRequest): Promise<void>;
  listModels(): Promise<ModelView[]>;
  addModel(request: AddModelRequest): Promise<ModelView>;
  getModel(name: string): Promise<ModelView>;
  deleteModel(name: string): Promise<void>;
  /** `POST /api/models/pull`: starts (or joins) a download from Hugging Face or ModelScope. */
  pullModel(request: PullModelRequest): Promise<DownloadView>;
  listDownloads(): Promise<DownloadView[]>;
  getDownload(id: string): Promise<DownloadView>;
  /** `DELETE /api/downloads/:id`: cancels a download (its partial files stay for a later resume). */
  cancelDownload(id: string): Promise<void>;
  listDeployments(): Promise<DeploymentView[]>;
  createDeployment(request: CreateDeploymentRequest): Promise<DeploymentView>;
  getDeployment(name: string): Promise<DeploymentView>;
  scaleDeployment(name: string, replicas: number): Promise<DeploymentView>;
  stopDeployment(name: string): Promise<DeploymentView>;
  startDeployment(name: string): Promise<DeploymentView>;
  deleteDeployment(name: string): Promise<void>;
  listInstances(): Promise<InstanceView[]>;
  getInstanceLogs(id: string, options?: { tail?: number }): Promise<InstanceLogsView>;
  listEvents(options?: { deployment?: string; limit?: number }): Promise<EventView[]>;
  listKeys(): Promise<ApiKeyView[]>;
  createKey(request: CreateKeyRequest): Promise<CreatedApiKey>;
  revokeKey(id: string): Promise<void>;
  /** `GET /v1/models`: the models the gateway serves. */
  listGatewayModels(): Promise<ModelList['data']>;
  /** `POST /v1/chat/completions` with `stream: true`; aborting `signal` cancels the request. */
  streamChat(request: ChatCompletionRequest, signal?: AbortSignal): AsyncGenerator<ChatCompletionChunk>;
  /** `POST /v1/embeddings`. */
  createEmbeddings(request: EmbeddingRequest, signal?: AbortSignal): Promise<EmbeddingList>;
}

const segment = encodeURIComponent;

/** Creates an API client. Every method throws an `ApiError` for an error answer or an unreachable server. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const http = new HttpTransport(options);
  const list = async <T>(path: string, query?: Record<string, string | number | undefined>) =>
    (await http.json<{ data: T[] }>(path, { query })).data;
  const post = <T>(path: string, body?: unknown) => http.json<T>(path, { method: 'POST', body: body ?? {} });
  const remove = (path: string) => http.json<void>(path, { method: 'DELETE' });

  return {
    ...planningMethods(http),
    ...governanceMethods(http),
    baseUrl: http.baseUrl,
    health: () => http.json<HealthView>('/healthz'),
    login: (request) => post<SessionView>('/api/auth/login', request),
    logout: () => post<void>('/api/auth/logout'),
    me: () => http.json<SessionView['user']>('/api/auth/me'),
    changePassword: (request) => post<void>('/api/auth/password', request),
    listModels: () => list<ModelView>('/api/models'),
    addModel: (request) => post<ModelView>('/api/models', request),
    getModel: (name) => http.json<ModelView>(`/api/models/${segment(name)}`),
    deleteModel: (name) => remove(`/api/models/${segment(name)}`),
    pullModel: (request) => post<DownloadView>('/api/models/pull', request),
    listDownloads: () => list<DownloadView>('/api/downloads'),
    getDownload: (id) => http.json<DownloadView>(`/api/downloads/${segment(id)}`),
    cancelDownload: (id) => remove(`/api/downloads/${segment(id)}`),
    listDeployments: () => list<DeploymentView>('/api/deployments'),
    createDeployment: (request) => post<DeploymentView>('/api/deployments', request),
    getDeployment: (name) => http.json<DeploymentView>(`/api/deployments/${segment(name)}`),
    scaleDeployment: (name, replicas) =>
      post<DeploymentView>(`/api/deployments/${segment(name)}/scale`, { replicas }),
    stopDeployment: (name) => post<DeploymentView>(`/api/deployments/${segment(name)}/stop`),
    startDeployment: (name) => post<DeploymentView>(`/api/deployments/${segment(name)}/start`),
    deleteDeployment: (name) => remove(`/api/deployments/${segment(name)}`),
    listInstances: () => list<InstanceView>('/api/instances'),
    getInstanceLogs: (id, logOptions) =>
      http.json<InstanceLogsView>(`/api/instances/${segment(id)}/logs`, {
        query: { tail: logOptions?.tail },
      }),
    listEvents: (eventOptions) =>
      list<EventView>('/api/events', { deployment: eventOptions?.deployment, limit: eventOptions?.limit }),
    listKeys: () => list<ApiKeyView>('/api/keys'),
    createKey: (request) => post<CreatedApiKey>('/api/keys', request),
    revokeKey: (id) => remove(`/api/keys/${segment(id)}`),
    listGatewayModels: () => list<ModelList['data'][number]>('/v1/models'),
    async *streamChat(request, signal) {
      const response = await http.send('/v1/chat/completions', {
        method: 'POST',
        body: { ...request, stream: true },
        signal,
      });
      yield* readChatStream(response, http.baseUrl, signal);
    },
    createEmbeddings: (request, signal) =>
      http.json<EmbeddingList>('/v1/embeddings', { method: 'POST', body: request, signal }),
  };
}
