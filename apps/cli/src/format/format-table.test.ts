import { describe, expect, it } from 'vitest';
import { formatKeyValues, formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads columns to the widest cell and leaves the last column unpadded', () => {
    expect(
      formatTable(
        ['ID', 'STATE', 'PORT'],
        [
          ['web-0', 'ready', '39000'],
          ['web-10', 'failed', '-'],
        ],
      ),
    ).toBe(['ID      STATE   PORT', 'web-0   ready   39000', 'web-10  failed  -'].join('\n'));
  });

  it('prints only the header for no rows and tolerates short rows', () => {
    expect(formatTable(['A', 'B'], [])).toBe('A  B');
    expect(formatTable(['A', 'B'], [['x']])).toBe('A  B\nx');
  });
});

describe('formatKeyValues', () => {
  it('aligns values', () => {
    expect(
      formatKeyValues([
        ['architecture', 'llama'],
        ['size', '1 MiB'],
      ]),
    ).toBe('  architecture  llama\n  size          1 MiB');
  });
});
