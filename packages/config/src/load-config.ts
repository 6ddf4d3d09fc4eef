import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ValidationError } from '@hangar/core';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  clientConfigSchema,
  serverConfigSchema,
  type ClientConfig,
  type ServerConfig,
} from './config.schema.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Expands `~` and makes a path absolute. */
export function expandPath(path: string): string {
  const expanded = path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
  return resolve(expanded);
}

export function resolveHome(env: Env, override?: string): string {
  return expandPath(override ?? env['HANGAR_HOME'] ?? '~/.hangar');
}

function readYaml(home: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(join(home, 'hangar.yaml'), 'utf8');
  } catch {
    return {};
  }
  const parsed: unknown = parseYaml(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError(
      `${join(home, 'hangar.yaml')} must be a mapping of config keys`,
      {},
      'invalid_config',
    );
  }
  return parsed as Record<string, unknown>;
}

function pickEnv(env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const map: Record<string, string> = {
    HANGAR_HOST: 'host',
    HANGAR_PORT: 'port',
    HANGAR_ADMIN_PASSWORD: 'adminPassword',
    HANGAR_LOG_LEVEL: 'logLevel',
    HANGAR_INSTANCE_PORT_START: 'instancePortStart',
    HANGAR_ENGINE_THREADS: 'engineThreads',
    HANGAR_RECONCILE_INTERVAL_MS: 'reconcileIntervalMs',
    HANGAR_SHUTDOWN_GRACE_MS: 'shutdownGraceMs',
    HANGAR_INVENTORY_INTERVAL_MS: 'inventoryIntervalMs',
    HF_ENDPOINT: 'huggingFaceEndpoint',
    HANGAR_HF_ENDPOINT: 'huggingFaceEndpoint',
    HF_TOKEN: 'huggingFaceToken',
    HANGAR_HF_TOKEN: 'huggingFaceToken',
    HANGAR_MODELSCOPE_ENDPOINT: 'modelScopeEndpoint',
    HANGAR_MODELSCOPE_TOKEN: 'modelScopeToken',
    HANGAR_SIMULATED_ACCELERATORS: 'simulatedAccelerators',
    HANGAR_SERVER: 'server',
    HANGAR_TOKEN: 'token',
  };
  for (const [variable, key] of Object.entries(map)) {
    const value = env[variable];
    if (value !== undefined && value !== '') out[key] = value;
  }
  const enginePaths = env['HANGAR_ENGINE_PATHS'];
  if (enginePaths) {
    out['enginePaths'] = Object.fromEntries(
      enginePaths
        .split(',')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()]),
    );
  }
  const dirs = env['HANGAR_MODEL_DIRS'];
  if (dirs) out['modelDirs'] = dirs.split(':').filter(Boolean);
  return out;
}

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new ValidationError(
    `Invalid configuration:\n  ${problems.join('\n  ')}`,
    { problems },
    'invalid_config',
  );
}

/** Loads the server's configuration once; every problem is reported together. */
export function loadServerConfig(
  env: Env = process.env,
  flags: Partial<Record<string, unknown>> = {},
): ServerConfig {
  const home = resolveHome(env, typeof flags['home'] === 'string' ? flags['home'] : undefined);
  const merged = { ...readYaml(home), ...pickEnv(env), ...definedOnly(flags), home };
  const config = parseOrThrow(serverConfigSchema, merged);
  const modelDirs = (config.modelDirs.length > 0 ? config.modelDirs : [join(home, 'models')]).map(expandPath);
  return Object.freeze({ ...config, modelDirs });
}

/** Loads what the CLI needs to reach a server. */
export function loadClientConfig(
  env: Env = process.env,
  flags: Partial<Record<string, unknown>> = {},
): ClientConfig {
  const home = resolveHome(env, typeof flags['home'] === 'string' ? flags['home'] : undefined);
  const fromEnv = pickEnv(env);
  const merged = { server: fromEnv['server'], token: fromEnv['token'], ...definedOnly(flags), home };
  return Object.freeze(parseOrThrow(clientConfigSchema, merged));
}

function definedOnly(values: Partial<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
