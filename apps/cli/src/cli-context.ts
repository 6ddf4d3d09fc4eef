import { createApiClient, type ApiClient } from '@hangar/api-client';
import { loadClientConfig, type ClientConfig } from '@hangar/config';
import { InvalidArgumentError, type Command } from 'commander';
import { type CliIo, writeLine } from './cli-io.js';
import { readAdminToken, readCredentials, resolveAuth, type ResolvedAuth } from './credentials.js';

/** Options every command accepts. */
export interface GlobalOptions {
  server?: string;
  token?: string;
  home?: string;
  json?: boolean;
}

/** What a command runs with: its config, resolved auth, a client and output helpers. */
export interface CommandContext {
  io: CliIo;
  config: ClientConfig;
  auth: ResolvedAuth;
  client: ApiClient;
  isJson: boolean;
  /** Prints a line on stdout. */
  print(text?: string): void;
  /** Prints a value as indented JSON on stdout. */
  printJson(value: unknown): void;
}

export type ContextFactory = (command: Command) => Promise<CommandContext>;

const defaultServer = 'http://127.0.0.1:8080';

/** Loads the config (through `loadClientConfig` only), resolves the token and builds the client. */
export async function createContext(options: GlobalOptions, io: CliIo): Promise<CommandContext> {
  const config = loadClientConfig(io.env, {
    server: options.server,
    token: options.token,
    home: options.home,
  });
  const auth = resolveAuth({
    server: config.server,
    isServerExplicit: options.server !== undefined || config.server.replace(/\/+$/, '') !== defaultServer,
    token: config.token,
    credentials: await readCredentials(config.home),
    adminToken: await readAdminToken(config.home),
  });
  const client = createApiClient({ baseUrl: auth.server, token: auth.token, fetch: io.fetch });
  return {
    io,
    config,
    auth,
    client,
    isJson: options.json === true,
    print: (text) => writeLine(io.stdout, text),
    printJson: (value) => writeLine(io.stdout, JSON.stringify(value, null, 2)),
  };
}

/** A context factory bound to `io`, for command actions: `const context = await contextOf(command)`. */
export function contextFactory(io: CliIo): ContextFactory {
  return (command) => createContext(command.optsWithGlobals<GlobalOptions>(), io);
}

/** Commander argument parser for a non-negative integer (`min` inclusive). */
export function integerArgument(min = 0): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`expected an integer of at least ${min}, got "${value}"`);
    }
    return parsed;
  };
}

/** Commander argument parser for a finite number. */
export function numberArgument(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed))
    throw new InvalidArgumentError(`expected a number, got "${value}"`);
  return parsed;
}
