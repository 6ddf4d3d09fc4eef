import type { LimitSetInput } from '@hangar/contracts';
import { InvalidArgumentError, type Command } from 'commander';
import { integerArgument } from './cli-context.js';

/** The limit flags as commander parses them (`--rpm`, `--tpm`, `--tokens-per-day`, `--tokens-per-month`). */
export interface LimitOptions {
  rpm?: number;
  tpm?: number;
  tokensPerDay?: number;
  tokensPerMonth?: number;
}

type LimitField = keyof LimitSetInput;

/** Flag -> limit field, with the unit the CLI prints. */
const limitFlags: readonly (readonly [keyof LimitOptions, string, LimitField, string])[] = [
  ['rpm', '--rpm <n>', 'requestsPerMinute', 'rpm'],
  ['tpm', '--tpm <n>', 'tokensPerMinute', 'tpm'],
  ['tokensPerDay', '--tokens-per-day <n>', 'tokensPerDay', 'tokens/day'],
  ['tokensPerMonth', '--tokens-per-month <n>', 'tokensPerMonth', 'tokens/month'],
];

const descriptions: Record<keyof LimitOptions, string> = {
  rpm: 'requests per minute',
  tpm: 'tokens per minute',
  tokensPerDay: 'tokens per day',
  tokensPerMonth: 'tokens per month',
};

/** Adds the four limit flags to `command`; `0` removes a limit. */
export function addLimitOptions(command: Command): Command {
  for (const [option, flags] of limitFlags) {
    command.option(flags, `${descriptions[option]} (0: no limit)`, integerArgument(0));
  }
  return command;
}

/** Limits to set (a number) or remove (`null`); fields not named keep their value. */
export type LimitChanges = Partial<Record<LimitField, number | null>>;

/** The changes the flags ask for (`0` -> remove). */
export function limitChangesOf(options: LimitOptions): LimitChanges {
  const changes: LimitChanges = {};
  for (const [option, , field] of limitFlags) {
    const value = options[option];
    if (value !== undefined) changes[field] = value === 0 ? null : value;
  }
  return changes;
}

export function hasLimitChanges(changes: LimitChanges): boolean {
  return Object.keys(changes).length > 0;
}

/** `current` with `changes` applied: the full limit set to send (the server replaces limits as a whole). */
export function applyLimitChanges(
  current: Readonly<Record<string, number | undefined>> | undefined,
  changes: LimitChanges,
): LimitSetInput {
  const next: LimitSetInput = {};
  for (const [, , field] of limitFlags) {
    const value = field in changes ? changes[field] : current?.[field];
    if (typeof value === 'number' && value > 0) next[field] = value;
  }
  return next;
}

/** `60 rpm, 10000 tpm, 1000000 tokens/day`, or `none`. */
export function formatLimits(limits: Readonly<Record<string, number | undefined>> | undefined): string {
  const parts = limitFlags.flatMap(([, , field, unit]) => {
    const value = limits?.[field];
    return typeof value === 'number' ? [`${value} ${unit}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Commander parser for `--models a,b`: a non-empty list of model names. */
export function modelListArgument(value: string): string[] {
  const models = value
    .split(',')
    .map((model) => model.trim())
    .filter((model) => model !== '');
  if (models.length === 0)
    throw new InvalidArgumentError(`expected a comma-separated list of models, got "${value}"`);
  return models;
}
