import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the llama-server build lives (gitignored) and what it is built from. */
export interface LlamaServerBuild {
  repoRoot: string;
  /** `vendor/llama.cpp-build` */
  buildRoot: string;
}

/** The llama-server binary of a build folder. */
export function llamaServerBinary(build: LlamaServerBuild): string {
  return join(build.buildRoot, 'build', 'bin', 'llama-server');
}

/**
 * Returns llama-server, building it first when absent: clones the llama.cpp git bundle that node-llama-cpp's npm
 * package carries (offline, the exact llama.cpp the embedded engine runs), then builds only the `llama-server`
 * target, Release, CPU only, native. About 8 minutes on 2 cores; reused afterwards.
 */
export async function ensureLlamaServer(
  build: LlamaServerBuild,
  log: (line: string) => void,
): Promise<string> {
  const binary = llamaServerBinary(build);
  if (existsSync(binary)) return binary;
  const source = join(build.buildRoot, 'src');
  if (!existsSync(source)) {
    const bundle = join(build.repoRoot, 'node_modules/node-llama-cpp/llama/gitRelease.bundle');
    log(`cloning ${bundle} into ${source}`);
    await run('git', ['clone', '--quiet', bundle, source]);
  }
  log('configuring llama.cpp (Release, CPU only, GGML_NATIVE=ON, LLAMA_CURL=OFF)');
  await run('cmake', [
    ...['-S', source, '-B', join(build.buildRoot, 'build'), '-DCMAKE_BUILD_TYPE=Release'],
    ...['-DLLAMA_CURL=OFF', '-DGGML_NATIVE=ON', '-DGGML_CUDA=OFF', '-DGGML_VULKAN=OFF', '-DGGML_METAL=OFF'],
    ...['-DLLAMA_BUILD_TESTS=OFF', '-DLLAMA_BUILD_EXAMPLES=OFF', '-DBUILD_SHARED_LIBS=OFF'],
  ]);
  log('building llama-server (several minutes)');
  await run('nice', [
    '-n',
    '10',
    'cmake',
    '--build',
    join(build.buildRoot, 'build'),
    '--target',
    'llama-server',
    '-j',
    '2',
  ]);
  return binary;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`)),
    );
  });
}
