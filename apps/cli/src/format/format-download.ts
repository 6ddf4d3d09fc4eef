import type { DownloadView } from '@hangar/contracts';
import { formatBytes, formatDuration } from './format-units.js';

/** Parses `hf:owner/name`, `modelscope:owner/name` or plain `owner/name` (Hugging Face). */
export function parseModelReference(
  reference: string,
): { source: 'huggingface' | 'modelscope'; repo: string } | null {
  const match = /^(?:(hf|huggingface|ms|modelscope):)?([^:\s]+\/[^:\s]+)$/i.exec(reference.trim());
  if (!match) return null;
  const prefix = (match[1] ?? 'huggingface').toLowerCase();
  return {
    source: prefix === 'ms' || prefix === 'modelscope' ? 'modelscope' : 'huggingface',
    repo: match[2] ?? '',
  };
}

function percentOf(download: DownloadView): number {
  return download.bytesTotal > 0 ? Math.floor((download.bytesDone / download.bytesTotal) * 100) : 0;
}

function rateAndEta(download: DownloadView): string {
  if (download.state !== 'downloading') return download.state;
  const rate = download.bytesPerSecond > 0 ? `${formatBytes(download.bytesPerSecond)}/s` : '-';
  return `${rate}  ETA ${formatDuration(download.etaSeconds)}`;
}

/** The file being fetched now (the first one downloading), for the end of the line. */
function currentFile(download: DownloadView): string {
  const active = download.files.filter((file) => file.state === 'downloading');
  if (active.length === 0) return '';
  const name = active[0]?.path ?? '';
  return active.length > 1 ? `${name} (+${active.length - 1})` : name;
}

/**
 * One progress-bar line for a terminal:
 * `[########------------]  40%  48 KiB / 117.2 KiB  1.2 MiB/s  ETA 3s  model-Q4_K_M.gguf`.
 */
export function formatProgressBar(download: DownloadView, width = 24): string {
  const percent = percentOf(download);
  const filled = Math.round((percent / 100) * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const bytes = `${formatBytes(download.bytesDone)} / ${formatBytes(download.bytesTotal)}`;
  return [bar, `${String(percent).padStart(3)}%`, bytes, rateAndEta(download), currentFile(download)]
    .filter(Boolean)
    .join('  ');
}

/** One plain progress line, for logs and pipes: `dl-1 downloading 40% 48 KiB / 117.2 KiB 1.2 MiB/s ETA 3s`. */
export function formatProgressLine(download: DownloadView): string {
  const bytes = `${formatBytes(download.bytesDone)} / ${formatBytes(download.bytesTotal)}`;
  const tail = download.state === 'downloading' ? ` ${rateAndEta(download)}` : '';
  return `${download.id} ${download.state} ${percentOf(download)}% ${bytes}${tail}`;
}

/** A table row of `hangar downloads`. */
export function downloadRow(download: DownloadView): string[] {
  return [
    download.id,
    download.state,
    download.source,
    `${download.repo}@${download.revision}`,
    `${percentOf(download)}%`,
    formatBytes(download.bytesTotal),
    download.state === 'downloading' ? `${formatBytes(download.bytesPerSecond)}/s` : '-',
    download.state === 'downloading' ? formatDuration(download.etaSeconds) : '-',
  ];
}

export const downloadHeaders = ['ID', 'STATE', 'SOURCE', 'REPO', 'DONE', 'SIZE', 'RATE', 'ETA'] as const;
