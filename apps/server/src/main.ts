import { parseArgs } from 'node:util';
import { errorMessage, isHangarError } from '@hangar/core';
import { loadServerConfig } from '@hangar/config';
import { createLogger } from '@hangar/observability';
import { startHangarServer } from './server.js';

const USAGE = `Usage: hangar serve [--host HOST] [--port PORT] [--home DIR]

Starts the Hangar server: the admin API and console, and the OpenAI-compatible gateway at /v1.
Configuration: defaults < $HANGAR_HOME/hangar.yaml < HANGAR_* environment < these flags.`;

/** `hangar serve`: runs until SIGTERM/SIGINT, then shuts down in order and exits. */
export async function runServeCommand(argv: string[]): Promise<void> {
  let flags;
  try {
    flags = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        home: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`error: ${errorMessage(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let config;
  try {
    config = loadServerConfig(process.env, { host: flags.host, port: flags.port, home: flags.home });
  } catch (error) {
    process.stderr.write(`error: ${errorMessage(error)}\n`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel });
  let server;
  try {
    server = await startHangarServer({
      config,
      logger,
      engineEnv: process.env,
      announce: (text) => process.stdout.write(`\n${text}\n\n`),
    });
  } catch (error) {
    process.stderr.write(`error: Hangar could not start: ${errorMessage(error)}\n`);
    if (!isHangarError(error)) logger.error({ err: error }, 'start-failed');
    logger.flush();
    process.exit(1);
  }
  process.stdout.write(`Hangar ${server.url} (data: ${config.home})\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'signal');
    server
      .close()
      .then(() => {
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ error: errorMessage(error) }, 'stop-failed');
        logger.flush();
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
