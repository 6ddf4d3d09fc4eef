import type { ChatCompletionRequest, ChatMessage } from '@hangar/contracts';
import type { Answer } from './answer-accumulator';

/** The sampling parameters of the playground. */
export interface ChatParameters {
  systemPrompt: string;
  temperature: number;
  topP: number;
  maxTokens: number;
}

export const DEFAULT_PARAMETERS: ChatParameters = {
  systemPrompt: '',
  temperature: 0.7,
  topP: 0.95,
  maxTokens: 512,
};

/** One turn of a conversation: the user's text and the assistant's answer (streaming or done). */
export interface Turn {
  id: number;
  prompt: string;
  answer: Answer;
  error?: unknown;
}

/**
 * The streamed request for the next prompt: system prompt, earlier turns (answers without their reasoning,
 * as DeepSeek advises for R1), then the prompt; usage requested so counts are exact.
 */
export function buildChatRequest(
  model: string,
  parameters: ChatParameters,
  history: readonly Turn[],
  prompt: string,
): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  if (parameters.systemPrompt.trim() !== '')
    messages.push({ role: 'system', content: parameters.systemPrompt });
  for (const turn of history) {
    if (turn.error !== undefined || turn.answer.content === '') continue;
    messages.push(
      { role: 'user', content: turn.prompt },
      { role: 'assistant', content: turn.answer.content },
    );
  }
  messages.push({ role: 'user', content: prompt });
  return {
    model,
    messages,
    temperature: parameters.temperature,
    top_p: parameters.topP,
    max_tokens: parameters.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  };
}
