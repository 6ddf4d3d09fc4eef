import { describe, expect, it } from 'vitest';
import { describeHost, formatNodes } from './format-nodes.js';

const host = {
  cpuModel: null,
  logicalCpus: 2,
  physicalCores: null,
  sockets: 1,
  hasAvx2: false,
  hasAvx512: false,
  flags: [],
  memoryTotalBytes: 8 * 1024 ** 3,
  memoryAvailableBytes: null,
};

describe('format nodes', () => {
  it('describes a host with unknown values left out', () => {
    expect(describeHost(host)).toBe('unknown CPU (2 threads), 8 GiB RAM');
  });

  it('says when there is no inventory or no accelerator', () => {
    expect(formatNodes([])).toBe('No node inventory yet (the server detects hardware at start).');
    expect(formatNodes([{ name: 'n', host, accelerators: [], problems: [], detectedAt: 0 }])).toBe(
      'Node n (detected 1970-01-01 00:00:00)\nHost: unknown CPU (2 threads), 8 GiB RAM\n\nNo accelerators detected.',
    );
  });
});
