#!/usr/bin/env node
// The `hangar` executable. `serve` is dispatched here so that the CLI package never imports the server
// (apps/cli may import only contracts, api-client and config); everything else is the CLI's main().
const args = process.argv.slice(2);

try {
  if (args[0] === 'serve') {
    const { runServeCommand } = await import('@hangar/server');
    const exitCode = await runServeCommand(process.argv.slice(3));
    if (typeof exitCode === 'number') process.exitCode = exitCode;
  } else {
    const { main } = await import('@hangar/cli');
    process.exitCode = await main(args);
  }
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
