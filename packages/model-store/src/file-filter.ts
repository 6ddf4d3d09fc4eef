import type { HubFile } from './hub-client.js';

/**
 * What a safetensors deployment needs besides the weights: configs, tokenizers and the remote code some
 * DeepSeek repos ship (`modeling_deepseek.py`).
 */
export const safetensorsInclude: readonly string[] = [
  '*.safetensors',
  '*.safetensors.index.json',
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'tokenizer.model',
  'special_tokens_map.json',
  '*.tiktoken',
  '*.py',
];

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|\\]/g, '\\$&');
}

/**
 * Compiles an fnmatch-style glob (as Hugging Face's `allow_patterns`): `*` matches any run of characters,
 * `/` included, `?` one character, `[abc]` / `[!abc]` a class. A pattern without `/` also matches the
 * file's base name, so `*.gguf` finds `Q4_K_M/model.gguf`. Matching ignores case.
 */
export function compileGlob(pattern: string): (path: string) => boolean {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const end = pattern.indexOf(']', index + 1);
      if (end === -1) source += '\\[';
      else {
        const body = pattern.slice(index + 1, end);
        source += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
        index = end;
      }
    } else source += escapeRegExp(char);
  }
  const regex = new RegExp(`^${source}$`, 'i');
  const matchesBase = !pattern.includes('/');
  return (path) => regex.test(path) || (matchesBase && regex.test(path.slice(path.lastIndexOf('/') + 1)));
}

/** The files matching any of `include` (all files when `include` is empty). */
export function filterFiles<T extends Pick<HubFile, 'path'>>(
  files: readonly T[],
  include: readonly string[],
): T[] {
  if (include.length === 0) return [...files];
  const matchers = include.map(compileGlob);
  return files.filter((file) => matchers.some((matches) => matches(file.path)));
}

/** The outcome of picking a GGUF quant: the files of one quant (all shards of a split file) or why not. */
export type GgufPick =
  | { ok: true; files: HubFile[] }
  | { ok: false; reason: 'no_gguf' | 'quant_not_found' | 'ambiguous'; candidates: string[] };

const shardPattern = /-(\d{5})-of-(\d{5})\.gguf$/i;

/** The quant tag a GGUF file name carries (`Q4_K_M`, `IQ2_XXS`, `F16`, `BF16`, `Q8_0`), upper-cased. */
export function ggufQuantOf(path: string): string | null {
  const match = /(?:^|[-_./])((?:I?Q\d(?:_[A-Z0-9]+)*)|BF16|F16|F32|FP16|FP8)(?=[-_./]|$)/i.exec(
    path.replace(shardPattern, '.gguf'),
  );
  return match?.[1]?.toUpperCase() ?? null;
}

/**
 * Picks one GGUF quant (`Q4_K_M`, case-insensitive) out of a repository's files: the matching file, or all
 * shards of a split file (`...-00001-of-00003.gguf`). Multimodal projector files (`mmproj`) are never picked.
 * Several different files of that quant are ambiguous: the caller names one with an include glob instead.
 */
export function pickGgufQuant(files: readonly HubFile[], quant: string): GgufPick {
  const ggufs = files.filter((file) => /\.gguf$/i.test(file.path) && !/mmproj/i.test(file.path));
  if (ggufs.length === 0) return { ok: false, reason: 'no_gguf', candidates: [] };
  const wanted = quant.toUpperCase();
  const matching = ggufs.filter((file) => ggufQuantOf(file.path) === wanted);
  if (matching.length === 0) {
    const available = [...new Set(ggufs.map((file) => ggufQuantOf(file.path) ?? file.path))].sort();
    return { ok: false, reason: 'quant_not_found', candidates: available };
  }
  const groups = new Set(matching.map((file) => file.path.replace(shardPattern, '')));
  if (groups.size > 1)
    return { ok: false, reason: 'ambiguous', candidates: matching.map((file) => file.path) };
  return { ok: true, files: matching.sort((left, right) => left.path.localeCompare(right.path)) };
}
