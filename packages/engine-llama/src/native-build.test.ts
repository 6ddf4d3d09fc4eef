import { describe, expect, it } from 'vitest';
import {
  applyOpenMpDefaults,
  describeNativeBuild,
  nativeBuildCmakeOptions,
  nativeBuildHint,
} from './native-build.js';

const release = { repo: 'ggml-org/llama.cpp', release: 'v0.5.0' };
const prebuiltInfo = 'CPU : SSE3 = 1 | AVX2 = 1 | LLAMAFILE = 1 | REPACK = 1 | ';
const openMpInfo = 'CPU : SSE3 = 1 | AVX2 = 1 | OPENMP = 1 | REPACK = 1 | ';

describe('describeNativeBuild', () => {
  it('reads a prebuilt binary without OpenMP', () => {
    const build = describeNativeBuild({
      buildType: 'prebuilt',
      cmakeOptions: {},
      llamaCppRelease: release,
      systemInfo: prebuiltInfo,
    });
    expect(build).toEqual({
      type: 'prebuilt',
      llamaCpp: 'ggml-org/llama.cpp@v0.5.0',
      openMp: false,
      cmakeOptions: {},
    });
  });

  it('reads a local OpenMP build and its CMake options', () => {
    const build = describeNativeBuild({
      buildType: 'localBuild',
      cmakeOptions: nativeBuildCmakeOptions,
      llamaCppRelease: release,
      systemInfo: openMpInfo,
    });
    expect(build.type).toBe('localBuild');
    expect(build.openMp).toBe(true);
    expect(build.cmakeOptions).toEqual({ GGML_NATIVE: 'ON', GGML_OPENMP: 'ON' });
  });
});

describe('nativeBuildHint', () => {
  const base = { type: 'prebuilt', llamaCpp: 'x', cmakeOptions: {} } as const;

  it('suggests build:native for a binary without OpenMP and several threads', () => {
    expect(nativeBuildHint({ ...base, openMp: false }, 2, '1')).toContain('npm run build:native');
  });

  it('stays quiet with one thread or with OpenMP', () => {
    expect(nativeBuildHint({ ...base, openMp: false }, 1, undefined)).toBeUndefined();
    expect(nativeBuildHint({ ...base, openMp: true, type: 'prebuilt' }, 4, '1')).toBeUndefined();
  });

  it('asks for one libuv pool thread when OpenMP runs several threads without it', () => {
    expect(nativeBuildHint({ ...base, openMp: true }, 2, undefined)).toContain('UV_THREADPOOL_SIZE=1');
    expect(nativeBuildHint({ ...base, openMp: true }, 2, '4')).toContain('UV_THREADPOOL_SIZE=1');
    expect(nativeBuildHint({ ...base, openMp: true }, 2, '1')).toBeUndefined();
  });
});

describe('applyOpenMpDefaults', () => {
  it('sets the OpenMP wait policy and spin count when neither is set', () => {
    const env: Record<string, string | undefined> = { PATH: '/bin' };
    expect(applyOpenMpDefaults(env)).toEqual(['OMP_WAIT_POLICY', 'GOMP_SPINCOUNT']);
    expect(env).toEqual({ PATH: '/bin', OMP_WAIT_POLICY: 'ACTIVE', GOMP_SPINCOUNT: '300000' });
  });

  it("leaves the operator's own settings alone", () => {
    const env: Record<string, string | undefined> = { OMP_WAIT_POLICY: 'PASSIVE' };
    expect(applyOpenMpDefaults(env)).toEqual([]);
    expect(env).toEqual({ OMP_WAIT_POLICY: 'PASSIVE' });
  });
});
