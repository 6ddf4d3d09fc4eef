import { useCallback, useRef, useState } from 'react';
import { useApi } from '../../api/api-context';
import { applyChunk, endAnswer, startAnswer } from './answer-accumulator';
import { buildChatRequest, type ChatParameters, type Turn } from './chat-request';

export interface ChatSession {
  turns: Turn[];
  isStreaming: boolean;
  send: (model: string, parameters: ChatParameters, prompt: string) => Promise<void>;
  stop: () => void;
  clear: () => void;
}

/** One conversation with one model: streams each answer into its turn; `stop` aborts the request. */
export function useChatSession(): ChatSession {
  const client = useApi();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [isStreaming, setIsStreaming] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const nextId = useRef(1);

  const send = useCallback(
    async (model: string, parameters: ChatParameters, prompt: string) => {
      const id = nextId.current++;
      const request = buildChatRequest(model, parameters, turns, prompt);
      const abort = new AbortController();
      controller.current = abort;
      const update = (change: (turn: Turn) => Turn) =>
        setTurns((current) => current.map((turn) => (turn.id === id ? change(turn) : turn)));
      setTurns((current) => [...current, { id, prompt, answer: startAnswer(performance.now()) }]);
      setIsStreaming(true);
      try {
        for await (const chunk of client.streamChat(request, abort.signal)) {
          const now = performance.now();
          update((turn) => ({ ...turn, answer: applyChunk(turn.answer, chunk, now) }));
        }
        update((turn) => ({ ...turn, answer: endAnswer(turn.answer, performance.now()) }));
      } catch (error) {
        const now = performance.now();
        if (abort.signal.aborted)
          update((turn) => ({ ...turn, answer: endAnswer(turn.answer, now, 'stopped') }));
        else update((turn) => ({ ...turn, error, answer: endAnswer(turn.answer, now) }));
      } finally {
        if (controller.current === abort) controller.current = null;
        setIsStreaming(false);
      }
    },
    [client, turns],
  );

  const stop = useCallback(() => controller.current?.abort(), []);
  const clear = useCallback(() => {
    controller.current?.abort();
    setTurns([]);
  }, []);
  return { turns, isStreaming, send, stop, clear };
}
