import type { ChatCompletionChunk, Completion, FinishReason, Usage } from '@hangar/contracts';

/** The terminating SSE event of an OpenAI stream. */
export const sseDone = 'data: [DONE]\n\n';

/** One SSE event carrying a JSON payload. */
export function sseEvent(payload: object): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

interface StreamIdentity {
  id: string;
  created: number;
  model: string;
}

/**
 * Formats `chat.completion.chunk` events. Token deltas are the hot path: their JSON is a precomputed prefix
 * and suffix around the escaped text, byte-for-byte what `JSON.stringify` of the whole chunk would give.
 */
export class ChatChunkFormatter {
  private readonly head: string;

  constructor(private readonly identity: StreamIdentity) {
    const { id, created, model } = identity;
    this.head =
      `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},` +
      `"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":{`;
  }

  /** First event: the assistant role with empty content, as OpenAI sends it. */
  role(): string {
    return `${this.head}"role":"assistant","content":""},"finish_reason":null}]}\n\n`;
  }

  content(text: string): string {
    return `${this.head}"content":${JSON.stringify(text)}},"finish_reason":null}]}\n\n`;
  }

  reasoning(text: string): string {
    return `${this.head}"reasoning_content":${JSON.stringify(text)}},"finish_reason":null}]}\n\n`;
  }

  finish(reason: FinishReason): string {
    return `${this.head}},"finish_reason":${JSON.stringify(reason)}}]}\n\n`;
  }

  /** The final usage event of `stream_options.include_usage`: no choices. */
  usage(usage: Usage): string {
    const chunk: ChatCompletionChunk = { ...this.chunkBase(), choices: [], usage };
    return sseEvent(chunk);
  }

  private chunkBase(): Omit<ChatCompletionChunk, 'choices'> {
    return {
      id: this.identity.id,
      object: 'chat.completion.chunk',
      created: this.identity.created,
      model: this.identity.model,
    };
  }
}

/** Formats streamed `text_completion` events the same way. */
export class CompletionChunkFormatter {
  private readonly head: string;

  constructor(private readonly identity: StreamIdentity) {
    const { id, created, model } = identity;
    this.head =
      `data: {"id":${JSON.stringify(id)},"object":"text_completion","created":${created},` +
      `"model":${JSON.stringify(model)},"choices":[{"index":0,"text":`;
  }

  text(text: string): string {
    return `${this.head}${JSON.stringify(text)},"finish_reason":null}]}\n\n`;
  }

  finish(reason: FinishReason): string {
    return `${this.head}"","finish_reason":${JSON.stringify(reason)}}]}\n\n`;
  }

  usage(usage: Usage): string {
    const chunk: Completion = {
      id: this.identity.id,
      object: 'text_completion',
      created: this.identity.created,
      model: this.identity.model,
      choices: [],
      usage,
    };
    return sseEvent(chunk);
  }
}
