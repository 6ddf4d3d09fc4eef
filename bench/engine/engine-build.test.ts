import { describe, expect, it } from 'vitest';
import { nativeBuildFromLog } from './engine-build.js';

describe('nativeBuildFromLog', () => {
  it('reads the binary from the model-loaded line', () => {
    const log = [
      '{"level":30,"msg":"engine-start","port":1}',
      '{"level":30,"nativeBuild":{"type":"localBuild","openMp":true},"msg":"model-loaded"}',
    ].join('\n');
    expect(nativeBuildFromLog(log)).toBe('localBuild, OpenMP');
  });

  it('says no OpenMP for the prebuilt binaries and undefined without the line', () => {
    const prebuilt = '{"nativeBuild":{"type":"prebuilt","openMp":false},"msg":"model-loaded"}';
    expect(nativeBuildFromLog(prebuilt)).toBe('prebuilt, no OpenMP');
    expect(nativeBuildFromLog('{"msg":"engine-start"}')).toBeUndefined();
  });
});
