import { describe, expect, it } from 'vitest';
import { buildEngineArgs, parseEngineArgs } from './engine-args.js';

describe('parseEngineArgs', () => {
  it('parses the full command line', () => {
    const result = parseEngineArgs([
      '--model',
      '/m/x.gguf',
      '--port',
      '8080',
      '--host',
      '0.0.0.0',
      '--threads',
      '2',
      '--parallel',
      '4',
      '--context',
      '4096',
      '--model-name',
      'tiny',
      '--fallback-chat-template',
      'deepseek',
    ]);
    expect(result).toEqual({
      ok: true,
      options: {
        modelPath: '/m/x.gguf',
        port: 8080,
        host: '0.0.0.0',
        threads: 2,
        parallel: 4,
        contextTokens: 4096,
        modelName: 'tiny',
        fallbackChatTemplate: 'deepseek',
        flashAttention: 'on',
        batchSize: 512,
      },
    });
  });

  it('fills defaults and derives the model name from the file', () => {
    const result = parseEngineArgs(['--model', '/m/stories260K.gguf', '--port', '0']);
    expect(result.ok && result.options).toMatchObject({
      host: '127.0.0.1',
      threads: 1,
      parallel: 1,
      contextTokens: 2048,
      modelName: 'stories260K',
      fallbackChatTemplate: 'chatml',
    });
  });

  it('reports every problem at once', () => {
    const result = parseEngineArgs([
      '--threads',
      'two',
      '--parallel',
      '0',
      '--fallback-chat-template',
      'vicuna',
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('--model is required');
    expect(result.message).toContain('--port is required');
    expect(result.message).toContain('--threads must be an integer >= 1 (got "two")');
    expect(result.message).toContain('--parallel must be an integer >= 1 (got "0")');
    expect(result.message).toContain('--fallback-chat-template must be one of');
  });

  it('rejects unknown flags', () => {
    const result = parseEngineArgs(['--model', 'a', '--port', '1', '--bogus', 'x']);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain("Unknown option '--bogus'");
  });
});

describe('buildEngineArgs', () => {
  it('round-trips through parseEngineArgs', () => {
    const args = buildEngineArgs({
      modelPath: '/m/a.gguf',
      port: 9000,
      threads: 2,
      parallel: 8,
      modelName: 'a',
    });
    expect(args).toMatchInlineSnapshot(`
      [
        "--model",
        "/m/a.gguf",
        "--port",
        "9000",
        "--host",
        "127.0.0.1",
        "--threads",
        "2",
        "--parallel",
        "8",
        "--context",
        "2048",
        "--model-name",
        "a",
        "--fallback-chat-template",
        "chatml",
        "--flash-attention",
        "on",
        "--batch-size",
        "512",
      ]
    `);
    const parsed = parseEngineArgs(args);
    expect(parsed.ok && parsed.options).toMatchObject({ modelPath: '/m/a.gguf', port: 9000, parallel: 8 });
  });
});
