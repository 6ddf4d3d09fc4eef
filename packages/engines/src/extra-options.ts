import { refuse, type EngineRefusal } from './engine-driver.js';

/** The flag name of an argv token (`--port=8000` -> `--port`), or null for values. */
function flagName(token: string): string | null {
  if (!token.startsWith('-') || /^-\d/.test(token)) return null;
  return token.split('=', 1)[0] ?? null;
}

/**
 * Appends a deployment's extra args and env to the planned ones. A flag or variable the plan already sets is
 * refused with a reason instead of silently overriding the plan.
 */
export function mergeExtraOptions(
  planned: { args: string[]; env: Record<string, string> },
  extraArgs: readonly string[] = [],
  extraEnv: Readonly<Record<string, string>> = {},
  hints: Readonly<Record<string, string>> = {},
): { ok: true; args: string[]; env: Record<string, string> } | EngineRefusal {
  const plannedFlags = new Map<string, string>();
  planned.args.forEach((token, index) => {
    const name = flagName(token);
    if (name === null) return;
    const next = planned.args[index + 1];
    const value = token.includes('=')
      ? token.slice(name.length + 1)
      : next !== undefined && flagName(next) === null
        ? next
        : '';
    plannedFlags.set(name, value);
  });
  for (const token of extraArgs) {
    const name = flagName(token);
    if (name === null || !plannedFlags.has(name)) continue;
    const value = plannedFlags.get(name);
    const hint = hints[name] ?? 'change the deployment setting that produces it instead';
    return refuse(
      'conflicting_extra_args',
      `Extra argument ${name} conflicts with the planned ${name}${value ? ` ${value}` : ''}: ${hint}.`,
    );
  }
  for (const [key, value] of Object.entries(extraEnv)) {
    const plannedValue = planned.env[key];
    if (plannedValue === undefined || plannedValue === value) continue;
    return refuse(
      'conflicting_extra_env',
      `Extra environment variable ${key}=${value} conflicts with the planned ${key}=${plannedValue}: ` +
        (key.endsWith('VISIBLE_DEVICES')
          ? 'Hangar sets the devices from the placement.'
          : 'remove it from the deployment.'),
    );
  }
  return { ok: true, args: [...planned.args, ...extraArgs], env: { ...planned.env, ...extraEnv } };
}

/** Hints for the flags users most often try to override. */
export const FLAG_HINTS: Readonly<Record<string, string>> = {
  '--port': 'Hangar assigns the port',
  '--host': 'Hangar chooses the listen address',
  '--max-model-len': 'set contextTokens on the deployment instead',
  '--context-length': 'set contextTokens on the deployment instead',
  '--max-num-seqs': 'set the deployment concurrency instead',
  '--max-running-requests': 'set the deployment concurrency instead',
  '--tensor-parallel-size': 'set tensorParallel in the deployment options so the planner places it',
  '--tp': 'set tensorParallel in the deployment options so the planner places it',
  '--gpu-memory-utilization': 'set gpuMemoryUtilization in the deployment options',
  '--mem-fraction-static': 'set gpuMemoryUtilization in the deployment options',
};
