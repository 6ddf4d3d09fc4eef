import type { DownloadView } from '@hangar/contracts';
import { describe, expect, it } from 'vitest';
import {
  downloadRow,
  formatProgressBar,
  formatProgressLine,
  parseModelReference,
} from './format-download.js';

const view = (overrides: Partial<DownloadView>): DownloadView => ({
  id: 'dl-1',
  source: 'huggingface',
  repo: 'deepseek-ai/tiny',
  revision: 'main',
  commit: null,
  include: [],
  quant: 'Q4_K_M',
  name: null,
  state: 'downloading',
  bytesDone: 512 * 1024 * 1024,
  bytesTotal: 2 * 1024 * 1024 * 1024,
  bytesPerSecond: 50 * 1024 * 1024,
  etaSeconds: 31,
  files: [
    { path: 'tiny-Q4_K_M-00001-of-00002.gguf', sizeBytes: 1, bytesDone: 0, state: 'downloading' },
    { path: 'tiny-Q4_K_M-00002-of-00002.gguf', sizeBytes: 1, bytesDone: 0, state: 'downloading' },
  ],
  path: '/m',
  error: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  finishedAt: null,
  ...overrides,
});

describe('download formatting', () => {
  it('parses source:repo references', () => {
    expect(parseModelReference('hf:deepseek-ai/DeepSeek-R1')).toEqual({
      source: 'huggingface',
      repo: 'deepseek-ai/DeepSeek-R1',
    });
    expect(parseModelReference('ms:deepseek-ai/DeepSeek-R1')).toEqual({
      source: 'modelscope',
      repo: 'deepseek-ai/DeepSeek-R1',
    });
    expect(parseModelReference('modelscope:a/b')).toEqual({ source: 'modelscope', repo: 'a/b' });
    expect(parseModelReference('a/b')).toEqual({ source: 'huggingface', repo: 'a/b' });
    expect(parseModelReference('github:a/b')).toBeNull();
    expect(parseModelReference('just-a-name')).toBeNull();
  });

  it('draws a bar with bytes, rate, ETA and the current file', () => {
    expect(formatProgressBar(view({}))).toBe(
      '[######------------------]   25%  512 MiB / 2 GiB  50 MiB/s  ETA 31s  tiny-Q4_K_M-00001-of-00002.gguf (+1)',
    );
    expect(formatProgressBar(view({ state: 'verifying', bytesDone: 2 * 1024 ** 3, files: [] }))).toBe(
      '[########################]  100%  2 GiB / 2 GiB  verifying',
    );
  });

  it('writes plain lines and table rows', () => {
    expect(formatProgressLine(view({}))).toBe('dl-1 downloading 25% 512 MiB / 2 GiB 50 MiB/s  ETA 31s');
    expect(formatProgressLine(view({ state: 'queued', bytesDone: 0, bytesTotal: 0 }))).toBe(
      'dl-1 queued 0% 0 B / 0 B',
    );
    expect(downloadRow(view({}))).toEqual([
      'dl-1',
      'downloading',
      'huggingface',
      'deepseek-ai/tiny@main',
      '25%',
      '2 GiB',
      '50 MiB/s',
      '31s',
    ]);
  });
});
