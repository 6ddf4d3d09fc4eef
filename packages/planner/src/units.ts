export const KIB = 1024;
export const MIB = 1024 * KIB;
export const GIB = 1024 * MIB;

/** `79.4 GiB`, `68.6 KiB`: one decimal, binary units. */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [GIB * 1024, 'TiB'],
    [GIB, 'GiB'],
    [MIB, 'MiB'],
    [KIB, 'KiB'],
  ];
  for (const [size, unit] of units)
    if (Math.abs(bytes) >= size) return `${(bytes / size).toFixed(1)} ${unit}`;
  return `${Math.round(bytes)} B`;
}

/** `1.2M`, `688K`, `512` tokens. */
export function formatCount(count: number): string {
  if (count >= 1e6) return `${(count / 1e6).toFixed(2)}M`;
  if (count >= 1e4) return `${Math.round(count / 1e3)}K`;
  return String(count);
}
