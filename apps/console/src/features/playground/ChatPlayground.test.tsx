import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeClient, renderConsole, sseResponse } from '../../testing/render-console';
import { ChatPlayground } from './ChatPlayground';

const chunk = (delta: Record<string, string>, finish: string | null = null) => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'r1',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

afterEach(cleanup);

// Ant Design in jsdom is slow (seconds per test on a busy 2-core machine): a roomy timeout, no flakes.
describe('ChatPlayground', { timeout: 30_000 }, () => {
  it('streams R1 reasoning into a collapsible apart from the answer, then shows token counts', async () => {
    const { client, requests } = fakeClient(() =>
      sseResponse([
        chunk({ role: 'assistant' }),
        chunk({ reasoning_content: 'User says hi; ' }),
        chunk({ reasoning_content: 'answer kindly.' }),
        chunk({ content: 'Hello' }),
        chunk({ content: ' there!' }, 'stop'),
        { ...chunk({}), choices: [], usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 } },
        '[DONE]',
      ]),
    );
    renderConsole(<ChatPlayground models={['r1']} />, { client });

    const input = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(input, { target: { value: 'hi' } });
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' });
    });

    await waitFor(() => expect(screen.getByTestId('answer').textContent).toBe('Hello there!'));
    expect(screen.getByTestId('reasoning').textContent).toBe('User says hi; answer kindly.');
    expect(screen.getByText('Reasoning')).toBeTruthy();
    const stats = await screen.findByTestId('answer-stats');
    expect(within(stats).getByText(/Prompt tokens: 9/)).toBeTruthy();
    expect(within(stats).getByText(/Completion tokens: 6/)).toBeTruthy();
    expect(requests[0]).toMatchObject({
      url: 'http://console.test/v1/chat/completions',
      body: { model: 'r1', stream: true, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect((input as HTMLTextAreaElement).value).toBe('');
  });

  it('keeps Shift+Enter for a new line and sends nothing', () => {
    const { client, requests } = fakeClient(() => sseResponse(['[DONE]']));
    renderConsole(<ChatPlayground models={['r1']} />, { client });
    const input = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(input, { target: { value: 'line one' } });
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(requests).toHaveLength(0);
  });

  it('shows the gateway error with what to do', async () => {
    const { client } = fakeClient(
      () =>
        new Response(
          JSON.stringify({
            error: { message: 'No ready instance of r1', type: 'server_error', code: 'no_upstream' },
          }),
          {
            status: 503,
          },
        ),
    );
    renderConsole(<ChatPlayground models={['r1']} />, { client });
    const input = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(input, { target: { value: 'hi' } });
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' });
    });
    expect(await screen.findByText('No ready instance of r1')).toBeTruthy();
    expect(screen.getByText(/check on the Deployments page/)).toBeTruthy();
  });

  it('sends one prompt to two models side by side in compare mode', async () => {
    const { client, requests } = fakeClient((_url, init) => {
      const model = (JSON.parse(init.body as string) as { model: string }).model;
      return sseResponse([chunk({ content: `from ${model}` }, 'stop'), '[DONE]']);
    });
    renderConsole(<ChatPlayground models={['r1', 'qwen']} />, { client });
    fireEvent.click(screen.getByRole('switch'));
    const input = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(input, { target: { value: 'hi' } });
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' });
    });
    await waitFor(() =>
      expect(screen.getAllByTestId('answer').map((answer) => answer.textContent)).toEqual([
        'from r1',
        'from qwen',
      ]),
    );
    expect(requests.map((request) => (request.body as { model: string }).model)).toEqual(['r1', 'qwen']);
  });
});
