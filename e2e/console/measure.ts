import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/hangar-process.js';

export interface PaintTimings {
  firstContentfulPaintMs: number | null;
  largestContentfulPaintMs: number | null;
  domContentLoadedMs: number | null;
}

// Runs in the page: LCP entries come from a buffered observer, FCP from the paint timeline.
const READ_PAINT = `new Promise((resolve) => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const navigation = performance.getEntriesByType('navigation')[0];
  let largest = null;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) largest = entry.startTime;
  });
  observer.observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(() => {
    observer.disconnect();
    resolve({
      firstContentfulPaintMs: paint ? paint.startTime : null,
      largestContentfulPaintMs: largest,
      domContentLoadedMs: navigation ? navigation.domContentLoadedEventEnd : null,
    });
  }, 200);
})`;

/** First and largest contentful paint of the page as loaded, from the Performance API. */
export async function readPaintTimings(page: Page): Promise<PaintTimings> {
  return page.evaluate<PaintTimings>(READ_PAINT);
}

/** Gzipped size of the console's built JS files that `page` loaded (names under /assets/). */
export function gzippedAssetBytes(urls: readonly string[]): { files: string[]; gzipBytes: number } {
  const files = [
    ...new Set(
      urls
        .map((url) => new URL(url).pathname)
        .filter((path) => path.startsWith('/assets/') && path.endsWith('.js')),
    ),
  ];
  let gzipBytes = 0;
  for (const file of files) {
    gzipBytes += gzipSync(readFileSync(join(repoRoot, 'apps/console/dist', file)), { level: 9 }).length;
  }
  return { files, gzipBytes };
}
