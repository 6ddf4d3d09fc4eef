import { describe, expect, it } from 'vitest';
import { compileGlob, filterFiles, ggufQuantOf, pickGgufQuant, safetensorsInclude } from './file-filter.js';

const file = (path: string) => ({ path, sizeBytes: 1, sha256: null });

describe('compileGlob', () => {
  it.each([
    ['*.gguf', 'model-Q4_K_M.gguf', true],
    ['*.gguf', 'Q4_K_M/model.gguf', true],
    ['*Q4_K_M*.gguf', 'DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf', true],
    ['*q4_k_m*.gguf', 'DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf', true],
    ['*Q4_K_M*.gguf', 'DeepSeek-R1-Distill-Qwen-7B-Q8_0.gguf', false],
    ['Q4_K_M/*', 'Q4_K_M/a-00001-of-00002.gguf', true],
    ['Q4_K_M/*', 'Q8_0/a.gguf', false],
    ['model-0000[1-2]-of-*.safetensors', 'model-00002-of-00163.safetensors', true],
    ['model-0000[!1]-of-*.safetensors', 'model-00001-of-00163.safetensors', false],
    ['config.json', 'sub/config.json', true],
    ['?.bin', 'ab.bin', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(compileGlob(pattern)(path)).toBe(expected);
  });
});

describe('filterFiles', () => {
  it('keeps the safetensors set of a DeepSeek repo and drops the rest', () => {
    const files = [
      'config.json',
      'configuration_deepseek.py',
      'model-00001-of-000163.safetensors',
      'model.safetensors.index.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'README.md',
      'figures/benchmark.png',
      'original/consolidated.pth',
    ].map(file);
    expect(filterFiles(files, safetensorsInclude).map((entry) => entry.path)).toEqual([
      'config.json',
      'configuration_deepseek.py',
      'model-00001-of-000163.safetensors',
      'model.safetensors.index.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
  });

  it('keeps everything without include globs', () => {
    expect(filterFiles([file('a'), file('b')], [])).toHaveLength(2);
  });
});

describe('pickGgufQuant', () => {
  const repo = [
    'DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf',
    'DeepSeek-R1-Distill-Qwen-7B-Q4_K_S.gguf',
    'DeepSeek-R1-Distill-Qwen-7B-IQ2_XXS.gguf',
    'DeepSeek-R1-Distill-Qwen-7B-f16.gguf',
    'Q8_0/DeepSeek-R1-Q8_0-00002-of-00002.gguf',
    'Q8_0/DeepSeek-R1-Q8_0-00001-of-00002.gguf',
    'mmproj-Q4_K_M.gguf',
    'README.md',
  ].map(file);

  it('picks the one file of a quant, never the projector', () => {
    expect(pickGgufQuant(repo, 'q4_k_m')).toEqual({
      ok: true,
      files: [file('DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf')],
    });
  });

  it('picks every shard of a split file, in order', () => {
    const pick = pickGgufQuant(repo, 'Q8_0');
    expect(pick.ok && pick.files.map((entry) => entry.path)).toEqual([
      'Q8_0/DeepSeek-R1-Q8_0-00001-of-00002.gguf',
      'Q8_0/DeepSeek-R1-Q8_0-00002-of-00002.gguf',
    ]);
  });

  it('says which quants exist when the wanted one does not', () => {
    expect(pickGgufQuant(repo, 'Q5_K_M')).toEqual({
      ok: false,
      reason: 'quant_not_found',
      candidates: ['F16', 'IQ2_XXS', 'Q4_K_M', 'Q4_K_S', 'Q8_0'],
    });
    expect(pickGgufQuant([file('config.json')], 'Q4_K_M')).toEqual({
      ok: false,
      reason: 'no_gguf',
      candidates: [],
    });
  });

  it('refuses two different files of the same quant', () => {
    const pick = pickGgufQuant([file('a-Q4_K_M.gguf'), file('b-Q4_K_M.gguf')], 'Q4_K_M');
    expect(pick).toEqual({ ok: false, reason: 'ambiguous', candidates: ['a-Q4_K_M.gguf', 'b-Q4_K_M.gguf'] });
  });

  it('reads quant tags from file names', () => {
    expect(
      ['x-Q4_K_M.gguf', 'x.Q8_0.gguf', 'x-BF16.gguf', 'x-IQ4_XS-00001-of-00003.gguf', 'x.gguf'].map(
        ggufQuantOf,
      ),
    ).toEqual(['Q4_K_M', 'Q8_0', 'BF16', 'IQ4_XS', null]);
  });
});
