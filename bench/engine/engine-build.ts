import { readFile } from 'node:fs/promises';

/**
 * Which llama.cpp binary the engine loaded, from the `nativeBuild` field of its `model-loaded` log line
 * (pino JSON), e.g. `localBuild, OpenMP`; undefined when the line is not there.
 */
export function nativeBuildFromLog(text: string): string | undefined {
  for (const line of text.split('\n')) {
    if (!line.includes('"model-loaded"')) continue;
    try {
      const entry = JSON.parse(line) as { nativeBuild?: { type?: string; openMp?: boolean } };
      const build = entry.nativeBuild;
      if (build?.type === undefined) return undefined;
      return `${build.type}, ${build.openMp === true ? 'OpenMP' : 'no OpenMP'}`;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Reads a target's log for the engine's binary, waiting briefly for the log stream to be flushed. */
export async function readEngineNativeBuild(logPath: string): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const found = nativeBuildFromLog(await readFile(logPath, 'utf8').catch(() => ''));
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'unknown';
}
