import { createApiClient, type ApiClient, type FetchFunction } from '@hangar/api-client';
import { render, type RenderResult } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { ApiProvider } from '../api/api-context';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Language } from '../i18n/translate';

/** What jsdom lacks and Ant Design uses (media queries, element resize). */
export function installDomShims(): void {
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (typeof globalThis.ResizeObserver === 'undefined') {
    globalThis.ResizeObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
  }
}

/** A real api-client whose requests go to `respond` instead of the network. */
export function fakeClient(respond: (url: string, init: RequestInit) => Response | Promise<Response>): {
  client: ApiClient;
  requests: { url: string; body: unknown }[];
} {
  const requests: { url: string; body: unknown }[] = [];
  const fetch: FetchFunction = async (url, init) => {
    requests.push({ url, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    return respond(url, init);
  };
  return { client: createApiClient({ baseUrl: 'http://console.test', fetch }), requests };
}

/** An SSE response whose events arrive one by one (each `data:` line its own read). */
export function sseResponse(events: unknown[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const event of events) {
        const data = typeof event === 'string' ? event : JSON.stringify(event);
        controller.enqueue(encoder.encode(`data: ${data}\n\n`));
      }
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** Renders inside the console's providers (language fixed, router in memory). */
export function renderConsole(
  ui: ReactNode,
  options: { client: ApiClient; language?: Language },
): RenderResult {
  installDomShims();
  return render(
    <I18nProvider language={options.language ?? 'en'}>
      <ApiProvider client={options.client}>
        <AntApp>
          <MemoryRouter>{ui}</MemoryRouter>
        </AntApp>
      </ApiProvider>
    </I18nProvider>,
  );
}
