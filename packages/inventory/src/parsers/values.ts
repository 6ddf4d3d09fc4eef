const MIB = 1024 * 1024;

/** True for the vendors' spellings of "no value": `[N/A]`, `N/A`, `NA`, `[Not Supported]`, `-`, empty. */
export function isNotAvailable(value: string | undefined | null): boolean {
  if (value === undefined || value === null) return true;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === '-') return true;
  return /^\[?(n\/?a|not supported|unknown|requested functionality has been deprecated|insufficient permissions)\]?$/i.test(
    trimmed,
  );
}

/** Reads the leading number of `81559 MiB`, `69.85 W`, `30.0c`, `0 %`; `null` when there is none. */
export function parseNumber(value: string | undefined | null): number | null {
  if (isNotAvailable(value)) return null;
  const match = /^[+-]?\d+(?:\.\d+)?/.exec((value ?? '').trim());
  if (!match) return null;
  const parsed = Number(match[0]);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Like `parseNumber`, then × 1 MiB (nvidia-smi, npu-smi and hy-smi report MiB/MB). */
export function parseMebibytes(value: string | undefined | null): number | null {
  const parsed = parseNumber(value);
  return parsed === null ? null : Math.round(parsed * MIB);
}

/** Text or `null` when the value is one of the "not available" spellings. */
export function textOrNull(value: string | undefined | null): string | null {
  return isNotAvailable(value) ? null : (value ?? '').trim();
}

/** `a - b` when both are known and the result is not negative. */
export function difference(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  return Math.max(0, a - b);
}

/** `key : value` lines (npu-smi `-t`/`-l`, /proc files) -> ordered pairs; lines without a colon are skipped. */
export function parseKeyValueLines(text: string, separator = ':'): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(separator);
    if (at <= 0) continue;
    pairs.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
  }
  return pairs;
}

export const MEBIBYTE = MIB;
