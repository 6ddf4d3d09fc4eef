import { describe, expect, it } from 'vitest';
import { createCommandRunner, isCommandMissing } from './command-runner.js';

describe('createCommandRunner', () => {
  const run = createCommandRunner({ timeoutMs: 5_000 });

  it('returns stdout and the exit code of a real process', async () => {
    await expect(
      run(process.execPath, ['-e', 'process.stdout.write("ok"); process.exit(3)']),
    ).resolves.toMatchObject({
      exitCode: 3,
      stdout: 'ok',
    });
  });

  it('rejects with ENOENT when the tool is not installed', async () => {
    const error: unknown = await run('hangar-no-such-tool-smi', []).catch((reason: unknown) => reason);
    expect(isCommandMissing(error)).toBe(true);
  });

  it('kills a tool that hangs past the timeout', async () => {
    const quick = createCommandRunner({ timeoutMs: 200 });
    const result = await quick(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)']);
    expect(result.exitCode).not.toBe(0);
  });
});
