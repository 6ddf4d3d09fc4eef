import {
  ChatMLChatWrapper,
  DeepSeekChatWrapper,
  GeneralChatWrapper,
  Llama2ChatWrapper,
  Llama3ChatWrapper,
  SpecialTokensText,
  resolveChatWrapper,
  type ChatHistoryItem,
  type ChatWrapper,
  type LlamaModel,
} from 'node-llama-cpp';
import { messageText, type ChatMessage } from '@hangar/contracts';
import type { FallbackChatTemplate } from './engine-args.js';

/** A chat rendered for generation. */
export interface RenderedChat {
  tokens: number[];
  /** Text that ends the assistant's turn in this template (stop strings for the generation). */
  stopStrings: string[];
  /** Special tokens that end the turn (besides the model's end-of-generation tokens). */
  stopTokenIds: ReadonlySet<number>;
  /** The prompt already opened a `<think>` block (DeepSeek-R1-0528 style). */
  startsInReasoning: boolean;
}

/** Renders OpenAI messages into prompt tokens with the GGUF's own chat template or a named fallback. */
export class ChatPromptRenderer {
  readonly wrapperName: string;
  private readonly wrapper: ChatWrapper;
  private readonly stopStrings: string[] = [];
  private readonly stopTokenIds = new Set<number>();
  private hasTriggers = false;

  constructor(
    private readonly model: LlamaModel,
    fallback: FallbackChatTemplate,
  ) {
    const hasTemplate = typeof model.fileInfo.metadata.tokenizer?.chat_template === 'string';
    this.wrapper = hasTemplate
      ? resolveChatWrapper(model, { warningLogs: false })
      : createFallbackWrapper(fallback);
    this.wrapperName = this.wrapper.wrapperName;
  }

  render(messages: readonly ChatMessage[]): RenderedChat {
    const history: ChatHistoryItem[] = messages.map(toHistoryItem);
    history.push({ type: 'model', response: [] });
    const state = this.wrapper.generateContextState({ chatHistory: history });
    if (!this.hasTriggers) this.collectStopTriggers(state.stopGenerationTriggers);
    const rendered = state.contextText.toString();
    return {
      tokens: state.contextText.tokenize(this.model.tokenizer),
      stopStrings: this.stopStrings,
      stopTokenIds: this.stopTokenIds,
      startsInReasoning: /<think>\n?$/.test(rendered),
    };
  }

  /** Turns the template's end-of-turn triggers into stop strings and single special tokens (computed once). */
  private collectStopTriggers(
    triggers: ReturnType<ChatWrapper['generateContextState']>['stopGenerationTriggers'],
  ): void {
    this.hasTriggers = true;
    for (const trigger of triggers) {
      const [value, ...rest] = trigger.values;
      if (rest.length > 0 || value === undefined) continue;
      if (typeof value === 'string') {
        if (value.trim().length > 0 && !this.stopStrings.includes(value)) this.stopStrings.push(value);
      } else if (value instanceof SpecialTokensText) {
        const tokens = this.model.tokenize(value.value, true);
        if (tokens.length === 1 && tokens[0] !== undefined) this.stopTokenIds.add(tokens[0]);
      }
    }
  }
}

function toHistoryItem(message: ChatMessage): ChatHistoryItem {
  const text = messageText(message);
  switch (message.role) {
    case 'system':
    case 'developer':
      return { type: 'system', text };
    case 'assistant':
      return { type: 'model', response: [text] };
    case 'user':
    case 'tool':
      return { type: 'user', text };
  }
}

function createFallbackWrapper(name: FallbackChatTemplate): ChatWrapper {
  switch (name) {
    case 'chatml':
      return new ChatMLChatWrapper();
    case 'llama2':
      return new Llama2ChatWrapper();
    case 'llama3':
      return new Llama3ChatWrapper();
    case 'general':
      return new GeneralChatWrapper();
    case 'deepseek':
      return new DeepSeekChatWrapper();
  }
}
