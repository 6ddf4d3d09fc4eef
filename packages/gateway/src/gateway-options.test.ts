import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { GatewayLogger } from './gateway-options.js';

describe('GatewayLogger', () => {
  it('is satisfied by a pino logger, which the server passes', () => {
    const lines: string[] = [];
    const logger: GatewayLogger = pino(
      { base: null, timestamp: false },
      { write: (line: string) => lines.push(line) },
    );
    logger.child({ scope: 'gateway' }).warn({ requestId: 'r1' }, 'upstream-connect-failed');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { level: 40, scope: 'gateway', requestId: 'r1', msg: 'upstream-connect-failed' },
    ]);
  });
});
