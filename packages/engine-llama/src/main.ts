import { errorMessage } from '@hangar/core';
import { parseEngineArgs } from './engine-args.js';
import { startEngineServer } from './engine-server.js';
import { applyOpenMpDefaults } from './native-build.js';

// The embedded engine's process entry: argv -> options, signals -> strict shutdown.
// Shutdown order: stop accepting -> abort generations -> close connections -> dispose context, model, llama.
const parsed = parseEngineArgs(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`engine-llama: ${parsed.message}\n`);
  process.exit(2);
}

// Before the model loads: llama.cpp's OpenMP runtime reads these when node-llama-cpp loads it.
applyOpenMpDefaults(process.env);
const engine = await startEngineServer(parsed.options);
let isStopping = false;
const stop = (signal: string): void => {
  if (isStopping) return;
  isStopping = true;
  engine.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`engine-llama: shutdown after ${signal} failed: ${errorMessage(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

try {
  await engine.ready;
} catch (error) {
  process.stderr.write(
    `engine-llama: cannot load model ${parsed.options.modelPath}: ${errorMessage(error)}\n`,
  );
  await engine.close().catch(() => undefined);
  process.exit(1);
}

// A supervisor that dies without stopping us must not leave an orphan engine holding memory and a port.
const parentPid = Number(process.env.HANGAR_PARENT_PID);
if (Number.isInteger(parentPid) && parentPid > 0) {
  // Our parent is the supervisor; when it dies we are re-parented (to init or a subreaper), so ppid changes.
  // Comparing ppid also covers a dead parent that is not reaped yet, which `kill(pid, 0)` would still find.
  setInterval(() => {
    if (process.ppid !== parentPid) stop('parent-exit');
  }, 1000).unref();
}
