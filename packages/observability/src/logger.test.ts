import { describe, expect, it } from 'vitest';
import { createLogger, infoLineWriter } from './logger.js';

function capture() {
  const written: string[] = [];
  return { written, destination: { write: (line: string) => void written.push(line) } };
}

describe('infoLineWriter', () => {
  it("writes ready-made lines to the logger's own destination, next to its pino lines", () => {
    const { written, destination } = capture();
    const logger = createLogger({ level: 'info', destination }).child({ scope: 'gateway' });
    const write = infoLineWriter(logger);
    logger.info({ a: 1 }, 'before');
    write?.('{"msg":"built by hand"}\n');
    expect(written).toHaveLength(2);
    expect(JSON.parse(written[0]!)).toMatchObject({ scope: 'gateway', a: 1, msg: 'before' });
    expect(written[1]).toBe('{"msg":"built by hand"}\n');
  });

  it('gives no writer when the logger does not log at info level', () => {
    const { destination } = capture();
    expect(infoLineWriter(createLogger({ level: 'warn', destination }))).toBeUndefined();
  });
});
