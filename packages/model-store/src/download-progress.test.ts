import { describe, expect, it } from 'vitest';
import { ProgressTracker } from './download-progress.js';
import { parseRetryAfter } from './hub-http.js';

describe('ProgressTracker', () => {
  it('sums files and measures the network rate and ETA on the injected clock', () => {
    let now = 0;
    const tracker = new ProgressTracker({ now: () => now });
    tracker.setFiles([
      { path: 'a.gguf', sizeBytes: 1000 },
      { path: 'b.gguf', sizeBytes: 3000 },
    ]);
    tracker.update('a.gguf', 400, 0); // resumed from a .part: not network bytes
    now = 1000;
    tracker.update('a.gguf', 500, 100);
    now = 2000;
    tracker.update('b.gguf', 100, 100);
    now = 3000;
    tracker.update('b.gguf', 300, 200);
    const snapshot = tracker.snapshot('dl-1', 'downloading');
    expect(snapshot).toMatchObject({ bytesDone: 800, bytesTotal: 4000, bytesPerSecond: 150, etaSeconds: 22 });
    expect(snapshot.files.map((file) => [file.path, file.bytesDone, file.state])).toEqual([
      ['a.gguf', 500, 'queued'],
      ['b.gguf', 300, 'queued'],
    ]);
  });

  it('lets a stalled transfer rate fall and reports no ETA without a rate', () => {
    let now = 0;
    const tracker = new ProgressTracker({ now: () => now });
    tracker.setFiles([{ path: 'a', sizeBytes: 1000 }]);
    expect(tracker.snapshot('x', 'downloading')).toMatchObject({ bytesPerSecond: 0, etaSeconds: null });
    tracker.update('a', 100, 100);
    now = 1000;
    tracker.update('a', 200, 100);
    expect(tracker.snapshot('x', 'downloading').bytesPerSecond).toBe(100);
    now = 4000;
    expect(tracker.snapshot('x', 'downloading').bytesPerSecond).toBe(25);
    expect(tracker.snapshot('x', 'done')).toMatchObject({ bytesPerSecond: 0, etaSeconds: 0 });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
