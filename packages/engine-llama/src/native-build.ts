import type { Llama } from 'node-llama-cpp';

/**
 * CMake options of the local node-llama-cpp build that `npm run build:native` makes (CPU only, tuned for this
 * CPU, OpenMP threading). node-llama-cpp files a local build under a folder named after a hash of its custom
 * CMake options, and `getLlama({ build: 'never', cmakeOptions })` looks only in the folder of the options it is
 * given: so these must equal the `NODE_LLAMA_CPP_CMAKE_OPTION_*` variables of the root `build:native` script,
 * key for key and value for value. Without that build, the same call falls back to the prebuilt binaries.
 *
 * Why OpenMP: the prebuilt CPU binaries have none, and node-llama-cpp attaches no persistent ggml threadpool,
 * so with more than one thread every decode step starts and joins fresh worker threads (measured ~1.6x slower
 * per token with 2 threads than llama.cpp's own OpenMP build; see bench/README.md).
 */
export const nativeBuildCmakeOptions: Readonly<Record<string, string>> = Object.freeze({
  GGML_NATIVE: 'ON',
  GGML_OPENMP: 'ON',
});

/** Which native llama.cpp binary the engine runs, for the `model-loaded` log line. */
export interface NativeBuildInfo {
  /** `localBuild`: made by `npm run build:native`; `prebuilt`: shipped with node-llama-cpp. */
  type: 'localBuild' | 'prebuilt';
  /** llama.cpp release the binary was built from, as `repo@tag`. */
  llamaCpp: string;
  /** Whether ggml uses OpenMP threads (a persistent team) rather than a threadpool per decode. */
  openMp: boolean;
  /** Custom CMake options of a local build (empty for prebuilt binaries). */
  cmakeOptions: Readonly<Record<string, string>>;
}

/** Describes the loaded binary from node-llama-cpp's public build facts and llama.cpp's system info. */
export function describeNativeBuild(
  llama: Pick<Llama, 'buildType' | 'cmakeOptions' | 'llamaCppRelease' | 'systemInfo'>,
): NativeBuildInfo {
  return {
    type: llama.buildType,
    llamaCpp: `${llama.llamaCppRelease.repo}@${llama.llamaCppRelease.release}`,
    openMp: /\bOPENMP = 1\b/.test(llama.systemInfo),
    cmakeOptions: { ...llama.cmakeOptions },
  };
}

/** An operator hint when the binary will decode slower than it could with these threads; else undefined. */
export function nativeBuildHint(
  build: NativeBuildInfo,
  threads: number,
  uvThreadpoolSize: string | undefined,
): string | undefined {
  if (build.openMp && threads > 1 && uvThreadpoolSize !== '1') {
    return (
      'UV_THREADPOOL_SIZE is not 1, so decodes hop between libuv threads and each starts its own OpenMP team; ' +
      'start the engine with UV_THREADPOOL_SIZE=1 (Hangar does) for full speed.'
    );
  }
  if (build.openMp || threads <= 1) return undefined;
  return (
    `The ${build.type} llama.cpp binary has no OpenMP, so each decode step with ${threads} threads starts ` +
    'new worker threads; run `npm run build:native` once for a faster local build (or use --threads 1).'
  );
}

/**
 * OpenMP settings for the engine process, applied before llama.cpp's OpenMP runtime (libgomp) loads.
 *
 * Why: node-llama-cpp runs each decode on one of libuv's pool threads, so several threads take turns as
 * OpenMP master and libgomp keeps a worker team for each. It then counts more threads than CPUs on a small
 * machine and "throttles" every wait to 100 spins before a futex sleep; ggml waits at an OpenMP barrier after
 * each graph node (hundreds per token), so decoding with 2 threads on 2 cores became slower than with 1
 * (measured 12–16 ms per token against llama-server's 7.5–8). `ACTIVE` raises the throttled spin to 1,000,
 * which brings it back to llama-server's speed; `GOMP_SPINCOUNT` keeps the unthrottled spin at libgomp's
 * default (about 3 ms) instead of the minutes `ACTIVE` would otherwise spin on a machine with spare cores.
 */
export const openMpEnvironmentDefaults: Readonly<Record<string, string>> = Object.freeze({
  OMP_WAIT_POLICY: 'ACTIVE',
  GOMP_SPINCOUNT: '300000',
});

/** Sets {@link openMpEnvironmentDefaults} that the operator has not set; returns the names it set. */
export function applyOpenMpDefaults(env: Record<string, string | undefined>): string[] {
  if (env.OMP_WAIT_POLICY !== undefined || env.GOMP_SPINCOUNT !== undefined) return [];
  const names = Object.keys(openMpEnvironmentDefaults);
  for (const name of names) env[name] = openMpEnvironmentDefaults[name];
  return names;
}
