import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Test support (not exported): fake `vllm`, `python3`, `llama-server` and `mindieservice_daemon` executables that
// record their argv, the launch-relevant env and MindIE's config, then become the Hangar simulator.

/** The built simulator entry the fakes run. */
export const SIMULATOR_MAIN = fileURLToPath(new URL('../../engine-simulator/dist/main.js', import.meta.url));

const FAKE = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const kind = KIND;
const argv = process.argv.slice(2);
const env = Object.fromEntries(Object.keys(process.env).sort()
  .filter((key) => /VISIBLE_DEVICES$|^VLLM_|^SGLANG_|^HCCL_|^PYTORCH_NPU|^MIES_|^MINDIE_|^NPU_MEMORY/.test(key))
  .map((key) => [key, process.env[key]]));
const configPath = process.env.MIES_CONFIG_JSON_PATH;
const config = configPath ? JSON.parse(fs.readFileSync(configPath, 'utf8')) : null;
fs.appendFileSync(RECORD, JSON.stringify({ command: path.basename(process.argv[1]), argv, env, cwd: process.cwd(), config }) + '\\n');
const flag = (name) => { const index = argv.indexOf(name); return index < 0 ? undefined : argv[index + 1]; };
if (kind === 'python3' && argv.slice(0, 2).join(' ') !== '-m sglang.launch_server') process.exit(3);
const port = kind === 'mindie' ? config.ServerConfig.port : flag('--port');
const name = kind === 'mindie' ? config.BackendConfig.ModelDeployConfig.ModelConfig[0].modelName
  : kind === 'llama-server' ? flag('--alias') : flag('--served-model-name');
const simulatorArgs = ['--port', String(port), '--model-name', name, '--ttft-ms', '1', '--token-ms', '1'];
if (argv.includes('--reasoning-parser') || argv.includes('--reasoning-format')) simulatorArgs.push('--reasoning', 'field');
if (process.env.FAKE_FAIL_MODE) simulatorArgs.push('--fail-mode', process.env.FAKE_FAIL_MODE);
process.argv = [process.argv[0], SIMULATOR, ...simulatorArgs];
import(pathToFileURL(SIMULATOR).href);
`;

const KINDS = {
  vllm: 'vllm',
  python3: 'python3',
  'llama-server': 'llama-server',
  mindieservice_daemon: 'mindie',
} as const;

/** Writes the fakes into `<dir>/bin`; each appends one JSON line per launch to `recordFile`. */
export function writeFakeEngines(dir: string, recordFile: string): string {
  if (!existsSync(SIMULATOR_MAIN))
    throw new Error(`Build the simulator first: npx tsc -b packages/engine-simulator (${SIMULATOR_MAIN})`);
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  for (const [file, kind] of Object.entries(KINDS)) {
    const script = FAKE.replace('KIND', JSON.stringify(kind))
      .replace('RECORD', JSON.stringify(recordFile))
      .replaceAll('SIMULATOR', JSON.stringify(SIMULATOR_MAIN))
      .replace('#!/usr/bin/env node', `#!${process.execPath}`);
    writeFileSync(join(bin, file), script);
    chmodSync(join(bin, file), 0o755);
  }
  return bin;
}

export interface LaunchRecord {
  command: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  config: unknown;
}

export function readRecords(recordFile: string): LaunchRecord[] {
  if (!existsSync(recordFile)) return [];
  return readFileSync(recordFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LaunchRecord);
}
