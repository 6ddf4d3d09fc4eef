import type { AcceleratorView } from '@hangar/contracts';

/** Used over total memory as a whole percentage, or null when the vendor tool did not say. */
export function memoryPercent(
  accelerator: Pick<AcceleratorView, 'memoryUsedBytes' | 'memoryTotalBytes'>,
): number | null {
  const { memoryUsedBytes: used, memoryTotalBytes: total } = accelerator;
  return used == null || total == null || total <= 0 ? null : Math.round((used / total) * 100);
}
