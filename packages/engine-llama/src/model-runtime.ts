import {
  LlamaLogLevel,
  getLlama,
  type Llama,
  type LlamaContext,
  type LlamaEmbeddingContext,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import type { Logger } from 'pino';
import { HangarError, errorMessage } from '@hangar/core';
import { BatchDecoder } from './batch-decoder.js';
import { ChatPromptRenderer } from './chat-prompt.js';
import type { EngineOptions } from './engine-args.js';
import { describeNativeBuild, nativeBuildCmakeOptions, type NativeBuildInfo } from './native-build.js';
import { openNativeContext } from './native-context.js';

/** The loaded model and everything that generates with it; `close()` disposes native resources in order. */
export interface ModelRuntime {
  readonly decoder: BatchDecoder;
  readonly chat: ChatPromptRenderer;
  /** Context tokens of one sequence (what one request may use, prompt and completion together). */
  readonly contextTokens: number;
  readonly sequences: number;
  /** The llama.cpp binary in use (local OpenMP build or node-llama-cpp's prebuilt one). */
  readonly nativeBuild: NativeBuildInfo;
  /** Tokens of a raw completion prompt (with BOS when the vocabulary asks for it). */
  tokenizePrompt(text: string): number[];
  tokenize(text: string): number[];
  detokenize: (tokens: readonly number[]) => string;
  /** One embedding vector per input, computed one after another on a lazily created embedding context. */
  embed(inputs: readonly string[]): Promise<{ vectors: number[][]; promptTokens: number }>;
  close(): Promise<void>;
}

/**
 * Loads the GGUF with explicit thread counts and creates one context with `parallel` sequences. Uses the local
 * build of `npm run build:native` when there is one, else node-llama-cpp's prebuilt binaries; never compiles.
 */
export async function loadModelRuntime(options: EngineOptions, logger: Logger): Promise<ModelRuntime> {
  const llama = await getLlama({
    gpu: false,
    build: 'never',
    cmakeOptions: { ...nativeBuildCmakeOptions },
    maxThreads: options.threads,
    logLevel: LlamaLogLevel.warn,
    logger: (level, message) => {
      const text = message.trim();
      if (text.length > 0) logger.warn({ llamaLevel: level, message: text }, 'llama-log');
    },
  });
  let model: LlamaModel | undefined;
  let context: LlamaContext | undefined;
  try {
    model = await llama.loadModel({ modelPath: options.modelPath, gpuLayers: 0 });
    context = await model.createContext({
      sequences: options.parallel,
      contextSize: options.contextTokens,
      batchSize: Math.max(options.batchSize, options.parallel),
      threads: options.threads,
      flashAttention: options.flashAttention === 'auto' ? 'auto' : options.flashAttention === 'on',
      failedCreationRemedy: false,
    });
    return createRuntime(llama, model, context, options);
  } catch (error) {
    await context?.dispose();
    await model?.dispose();
    await llama.dispose();
    if (error instanceof HangarError) throw error;
    throw new HangarError(`Could not load model ${options.modelPath}: ${errorMessage(error)}`, {
      code: 'model_load_failed',
      status: 500,
      kind: 'operational',
      cause: error,
    });
  }
}

function createRuntime(
  llama: Llama,
  model: LlamaModel,
  context: LlamaContext,
  options: EngineOptions,
): ModelRuntime {
  const native = openNativeContext(llama, model, context);
  native.context.setThreads(options.threads);
  const decoder = new BatchDecoder({
    native: native.context,
    createSampler: native.createSampler,
    isEndToken: (token) => model.isEogToken(token as Token),
    sequences: options.parallel,
    batchSize: context.batchSize,
    // A burst of concurrent requests is parsed one by one; 2 ms lets it share the first batch.
    gatherMs: options.parallel > 1 ? 2 : 0,
    reusePrefixes: model.fileInsights.swaSize === undefined && !model.fileInsights.isRecurrent,
  });
  let embeddingContext: Promise<LlamaEmbeddingContext> | undefined;
  let embeddingQueue: Promise<unknown> = Promise.resolve();
  const embedOne = async (input: string): Promise<number[]> => {
    embeddingContext ??= model.createEmbeddingContext({
      contextSize: options.contextTokens,
      threads: options.threads,
      batchSize: options.contextTokens,
    });
    const embedding = await (await embeddingContext).getEmbeddingFor(input);
    return [...embedding.vector];
  };
  return {
    decoder,
    chat: new ChatPromptRenderer(model, options.fallbackChatTemplate),
    contextTokens: context.contextSize,
    sequences: options.parallel,
    nativeBuild: describeNativeBuild(llama),
    tokenizePrompt(text) {
      const tokens: number[] = model.tokenize(text);
      const bos = model.tokens.bos;
      if (model.tokens.shouldPrependBosToken && bos !== null && tokens[0] !== bos) tokens.unshift(bos);
      return tokens;
    },
    tokenize: (text) => model.tokenize(text),
    detokenize: (tokens) => model.detokenize(tokens as Token[]),
    embed(inputs) {
      const run = async (): Promise<{ vectors: number[][]; promptTokens: number }> => {
        const vectors: number[][] = [];
        let promptTokens = 0;
        for (const input of inputs) {
          promptTokens += model.tokenize(input).length;
          vectors.push(await embedOne(input));
        }
        return { vectors, promptTokens };
      };
      const result = embeddingQueue.then(run, run);
      embeddingQueue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await decoder.close();
      await embeddingQueue;
      if (embeddingContext !== undefined) await (await embeddingContext).dispose();
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
