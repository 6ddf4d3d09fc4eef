import { ApiError, apiErrorFromBody } from './api-error.js';

/** The `fetch` the client uses; tests inject their own. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  /** Server root, e.g. `http://127.0.0.1:8080` (a trailing slash is ignored). */
  baseUrl: string;
  /** Session token or `hk-...` API key, sent as `Authorization: Bearer <token>`. */
  token?: string;
  fetch?: FetchFunction;
}

export interface SendOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
}

/** Low-level HTTP: URL building, auth header, JSON bodies, error envelopes, unreachable-server errors. */
export class HttpTransport {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly fetchFunction: FetchFunction;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.fetchFunction = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Sends a request and returns the response when its status is 2xx; throws an `ApiError` otherwise. */
  async send(path: string, options: SendOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchFunction(this.url(path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(`Cannot reach the Hangar server at ${this.baseUrl} — is \`hangar serve\` running?`, {
        status: 0,
        code: 'server_unreachable',
        cause: error,
      });
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  /** Sends a request and parses its JSON body (`undefined` for 204). */
  async json<T>(path: string, options: SendOptions = {}): Promise<T> {
    const response = await this.send(path, options);
    if (response.status === 204) return undefined as T;
    const text = await readText(response, this.baseUrl);
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new ApiError(`The server sent a response that is not JSON (${path})`, {
        status: response.status,
        code: 'invalid_response',
        requestId: response.headers.get('x-request-id') ?? undefined,
        cause: error,
      });
    }
  }

  private url(path: string, query: SendOptions['query']): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }
}

async function readText(response: Response, baseUrl: string): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new ApiError(`The connection to the Hangar server at ${baseUrl} was lost`, {
      status: 0,
      code: 'connection_lost',
      cause: error,
    });
  }
}

/** Parses an error response (JSON envelope if there is one) into an `ApiError`. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const requestId = response.headers.get('x-request-id');
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The body is unreadable; the status alone still says what happened.
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page, plain text): keep the text for the message.
  }
  return apiErrorFromBody(response.status, body, requestId);
}
