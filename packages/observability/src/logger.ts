import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
  /** Fields on every line (e.g. `{ service: 'hangar' }`). */
  base?: Record<string, unknown>;
}

/** The one logger factory: JSON lines, secrets redacted. Modules take `logger.child({ scope })`. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: options.base ?? null,
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'key',
          '*.key',
        ],
        censor: '[redacted]',
      },
    },
    // Synchronous, pino's standard mode: one write(2) per call on the main thread. The gateway batches its
    // access lines per event-loop turn, so under load that is one write per batch; an asynchronous destination
    // would add a thread-pool hop and a completion wake-up to every write (bench/gateway: ~4% more CPU per
    // request, and more threads competing for the cores at concurrency 1).
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * Writes ready-made JSON lines to `logger`'s destination, for a hot path that builds its lines itself (the
 * gateway's access log); undefined when `logger` does not log at info level, so that the caller skips them.
 */
export function infoLineWriter(logger: Logger): ((line: string) => void) | undefined {
  if (!logger.isLevelEnabled('info')) return undefined;
  const stream = (logger as unknown as Record<symbol, DestinationStream | undefined>)[pino.symbols.streamSym];
  if (stream === undefined) return undefined;
  return (line) => {
    stream.write(line);
  };
}
