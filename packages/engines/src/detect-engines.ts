import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { ENGINE_NAMES, type EngineName } from '@hangar/core';
import { ENGINE_DRIVERS } from './engine-drivers.js';

/** Runs a program without a shell; rejects with `code: 'ENOENT'` when it does not exist. */
export type EngineCommandRunner = (
  command: string,
  args: readonly string[],
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

/** One engine as `GET /api/engines` and `hangar engines` show it. */
export interface EngineInfo {
  engine: EngineName;
  displayName: string;
  installed: boolean;
  version: string | null;
  /** The program Hangar launches (pass it as `EngineLaunchInput.executable`). */
  executable: string | null;
  /** Where it was found. */
  source: 'configured' | 'venv' | 'path' | 'default-location' | 'bundled' | null;
  /** True for the simulator: never a real inference engine. */
  isSimulator: boolean;
  /** How to install it, when it is missing. */
  installHint: string | null;
  /** Found but not usable as is (the version query failed). */
  problem: string | null;
}

export interface DetectEnginesOptions {
  run: EngineCommandRunner;
  /** `PATH` and `VIRTUAL_ENV` are read from here, never from process.env. */
  env: Readonly<Record<string, string | undefined>>;
  /** Configured locations (`engines.<name>.path`): an executable, or a Python venv folder. */
  paths?: Partial<Record<EngineName, string>>;
  /** `dist/main.js` of the embedded engine and the simulator. */
  nodeEntries?: Partial<Record<'llama-cpp' | 'simulator', string>>;
  /** Injected for tests: is this a file (and executable, when asked)? */
  isFile?: (path: string, mustBeExecutable: boolean) => Promise<boolean>;
  readTextFile?: (path: string) => Promise<string>;
}

type Candidate = { path: string; source: NonNullable<EngineInfo['source']> };

async function defaultIsFile(path: string, mustBeExecutable: boolean): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    if (mustBeExecutable) await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function candidates(
  command: string,
  options: DetectEnginesOptions,
  configured: string | undefined,
  extra: string[] = [],
): Candidate[] {
  const list: Candidate[] = [];
  if (configured !== undefined)
    list.push(
      { path: configured, source: 'configured' },
      { path: join(configured, 'bin', command), source: 'configured' },
    );
  const venv = options.env['VIRTUAL_ENV'];
  if (venv) list.push({ path: join(venv, 'bin', command), source: 'venv' });
  for (const dir of (options.env['PATH'] ?? '').split(delimiter).filter((entry) => entry !== '')) {
    list.push({ path: join(dir, command), source: 'path' });
  }
  return [...list, ...extra.map((path) => ({ path, source: 'default-location' as const }))];
}

async function firstExecutable(
  list: Candidate[],
  isFile: NonNullable<DetectEnginesOptions['isFile']>,
): Promise<Candidate | null> {
  for (const candidate of list) if (await isFile(candidate.path, true)) return candidate;
  return null;
}

function versionIn(text: string): string | null {
  return (
    /version:?\s*([^\s]+(?: \([0-9a-f]+\))?)/i.exec(text)?.[1] ??
    /\b(\d+\.\d+[\w.+-]*)/.exec(text)?.[1] ??
    null
  );
}

async function detectOne(engine: EngineName, options: DetectEnginesOptions): Promise<EngineInfo> {
  const driver = ENGINE_DRIVERS[engine];
  const isFile = options.isFile ?? defaultIsFile;
  const info: EngineInfo = {
    engine,
    displayName: driver.displayName,
    installed: false,
    version: null,
    executable: null,
    source: null,
    isSimulator: engine === 'simulator',
    installHint: null,
    problem: null,
  };
  const found = (
    candidate: Candidate,
    version: string | null,
    problem: string | null = null,
  ): EngineInfo => ({
    ...info,
    installed: true,
    executable: candidate.path,
    source: candidate.source,
    version,
    problem,
  });
  const missing = (): EngineInfo => ({ ...info, installHint: driver.installHint() });
  const detection = driver.detection;
  switch (detection.kind) {
    case 'node-entry': {
      const entry = options.nodeEntries?.[engine as 'llama-cpp' | 'simulator'];
      if (entry === undefined || !(await isFile(entry, false))) return missing();
      return found({ path: entry, source: 'bundled' }, null);
    }
    case 'executable':
    case 'mindie': {
      const extra =
        detection.kind === 'mindie' ? detection.defaultLocations : (detection.defaultLocations ?? []);
      const candidate = await firstExecutable(
        candidates(detection.command, options, options.paths?.[engine], extra),
        isFile,
      );
      if (candidate === null) return missing();
      if (detection.kind === 'mindie') {
        // Running the daemon would start it: read the version file next to it instead.
        const read = options.readTextFile ?? ((path: string) => readFile(path, 'utf8'));
        const text = await read(join(dirname(dirname(candidate.path)), 'version.info')).catch(() => '');
        return found(candidate, versionIn(text));
      }
      try {
        const result = await options.run(candidate.path, detection.versionArgs);
        const output = `${result.stdout}\n${result.stderr}`;
        if (result.exitCode !== 0)
          return found(
            candidate,
            null,
            `'${candidate.path} ${detection.versionArgs.join(' ')}' failed: ${lastLine(output)}`,
          );
        return found(candidate, versionIn(output));
      } catch (error) {
        return found(
          candidate,
          null,
          `could not run ${candidate.path}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    case 'python-module': {
      const list = candidates('python3', options, options.paths?.[engine]);
      const script = `import importlib.metadata as m; print(m.version(${JSON.stringify(detection.distribution)}))`;
      for (const candidate of list) {
        if (!(await isFile(candidate.path, true))) continue;
        const result = await options.run(candidate.path, ['-c', script]).catch(() => null);
        if (result === null || result.exitCode !== 0) continue;
        const version = result.stdout.trim() || null;
        if (engine === 'vllm-ascend') {
          // vLLM-Ascend is a plugin: the program is the venv's `vllm`.
          const vllm = join(dirname(candidate.path), 'vllm');
          if (!(await isFile(vllm, true)))
            return {
              ...found(candidate, version),
              problem: `vllm-ascend is installed but ${vllm} is missing: pip install vllm`,
            };
          return found({ path: vllm, source: candidate.source }, version);
        }
        return found(candidate, version);
      }
      return missing();
    }
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

/**
 * Finds every engine: configured paths first, then the active venv, PATH, and vendor default locations. Versions
 * come from the engine itself (`vllm --version`, `llama-server --version`, the Python package metadata, MindIE's
 * version.info). Missing engines carry an install hint.
 */
export function detectEngines(options: DetectEnginesOptions): Promise<EngineInfo[]> {
  return Promise.all(ENGINE_NAMES.map((engine) => detectOne(engine, options)));
}
