import { describe, expect, it } from 'vitest';
import { detectEngines, type EngineCommandRunner } from './detect-engines.js';

const files = new Set([
  '/opt/venvs/vllm/bin/vllm',
  '/opt/venvs/sg/bin/python3',
  '/usr/bin/python3',
  '/usr/local/bin/llama-server',
  '/usr/local/Ascend/mindie/latest/mindie-service/bin/mindieservice_daemon',
  '/hangar/packages/engine-simulator/dist/main.js',
]);

const run: EngineCommandRunner = async (command, args) => {
  const key = `${command} ${args.join(' ')}`;
  if (key === '/opt/venvs/vllm/bin/vllm --version') return { exitCode: 0, stdout: '0.10.1.1\n', stderr: '' };
  if (key === '/usr/local/bin/llama-server --version') {
    return {
      exitCode: 0,
      stdout: '',
      stderr: 'version: 6123 (1a2b3c4)\nbuilt with cc for x86_64-linux-gnu\n',
    };
  }
  if (command === '/opt/venvs/sg/bin/python3' && args[1]?.includes('"sglang"'))
    return { exitCode: 0, stdout: '0.5.2\n', stderr: '' };
  if (command.endsWith('python3')) return { exitCode: 1, stdout: '', stderr: 'PackageNotFoundError' };
  throw Object.assign(new Error(`${command}: not installed`), { code: 'ENOENT' });
};

describe('detectEngines', () => {
  it('finds engines in configured venvs, on PATH and at vendor locations, with versions and hints', async () => {
    const engines = await detectEngines({
      run,
      env: { PATH: '/usr/local/bin:/usr/bin' },
      paths: { vllm: '/opt/venvs/vllm', sglang: '/opt/venvs/sg' },
      nodeEntries: { simulator: '/hangar/packages/engine-simulator/dist/main.js' },
      isFile: async (path) => files.has(path),
      readTextFile: async (path) => {
        if (path === '/usr/local/Ascend/mindie/latest/mindie-service/version.info')
          return 'Ascend-mindie : 2.0.RC2\nVersion: 2.0.RC2\n';
        throw new Error('ENOENT');
      },
    });
    expect(
      engines.map(({ engine, installed, version, executable, source }) => [
        engine,
        installed,
        version,
        executable,
        source,
      ]),
    ).toEqual([
      ['llama-cpp', false, null, null, null],
      ['llama-server', true, '6123 (1a2b3c4)', '/usr/local/bin/llama-server', 'path'],
      ['vllm', true, '0.10.1.1', '/opt/venvs/vllm/bin/vllm', 'configured'],
      ['sglang', true, '0.5.2', '/opt/venvs/sg/bin/python3', 'configured'],
      [
        'mindie',
        true,
        '2.0.RC2',
        '/usr/local/Ascend/mindie/latest/mindie-service/bin/mindieservice_daemon',
        'default-location',
      ],
      ['vllm-ascend', false, null, null, null],
      ['simulator', true, null, '/hangar/packages/engine-simulator/dist/main.js', 'bundled'],
    ]);
    const ascend = engines.find((info) => info.engine === 'vllm-ascend')!;
    expect(ascend.installHint).toMatch(/^vLLM-Ascend is not installed: .*pip install vllm vllm-ascend/);
    expect(engines.find((info) => info.engine === 'simulator')!.isSimulator).toBe(true);
  });

  it('reports nothing installed on a bare machine, each with how to install it', async () => {
    const engines = await detectEngines({ run, env: { PATH: '/nowhere' }, isFile: async () => false });
    expect(engines.every((info) => !info.installed && info.installHint !== null)).toBe(true);
    expect(engines.find((info) => info.engine === 'vllm')!.installHint).toMatch(
      /^vLLM is not installed: create a venv/,
    );
  });

  it('keeps a found engine whose version query fails, with the problem', async () => {
    const engines = await detectEngines({
      run: async () => ({
        exitCode: 1,
        stdout: '',
        stderr: 'Traceback...\nImportError: libcudart.so.12: cannot open shared object file',
      }),
      env: { PATH: '/opt/venvs/vllm/bin' },
      isFile: async (path) => path === '/opt/venvs/vllm/bin/vllm',
    });
    const vllm = engines.find((info) => info.engine === 'vllm')!;
    expect([vllm.installed, vllm.problem]).toEqual([
      true,
      "'/opt/venvs/vllm/bin/vllm --version' failed: ImportError: libcudart.so.12: cannot open shared object file",
    ]);
  });
});
