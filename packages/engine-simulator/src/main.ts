import { errorMessage } from '@hangar/core';
import { parseSimulatorArgs } from './simulator-options.js';
import { startSimulator } from './simulator-server.js';

// The simulator's process entry: argv -> options; the simulated deaths are real exits here.
const parsed = parseSimulatorArgs(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`hangar-simulator: ${parsed.message}\n`);
  process.exit(2);
}

try {
  const simulator = await startSimulator({
    ...parsed.options,
    log: (line) => process.stdout.write(`${line}\n`),
    onFatal: (exitCode) => process.exit(exitCode),
  });
  const stop = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  // vLLM prints the same errno text when its port is taken.
  process.stderr.write(
    `hangar-simulator: cannot listen on port ${parsed.options.port}: ${errorMessage(error)}\n`,
  );
  process.exit(1);
}
