import { isApiError } from '@hangar/api-client';
import { Command, CommanderError } from 'commander';
import { contextFactory } from './cli-context.js';
import { type CliIo, ExitCodeError, processIo, UsageError, writeLine } from './cli-io.js';
import { registerAuthCommands } from './commands/auth-commands.js';
import { registerChatCommand } from './commands/chat-command.js';
import { registerDeploymentCommands } from './commands/deployment-commands.js';
import { registerDeploymentShowCommand } from './commands/deployment-show-command.js';
import { registerDownloadCommands } from './commands/download-commands.js';
import { registerGovernanceCommands } from './commands/governance-commands.js';
import { registerInstanceCommands } from './commands/instance-commands.js';
import { registerKeyCommands } from './commands/key-commands.js';
import { registerModelCommands } from './commands/model-commands.js';
import { registerPlanningCommands } from './commands/planning-commands.js';
import { registerEngineCommands } from './commands/engine-commands.js';
import { registerUsageCommands } from './commands/usage-commands.js';

const version = '0.1.0';

function buildProgram(io: CliIo): Command {
  const program = new Command('hangar')
    .description('Hangar: run DeepSeek-family models on your own hardware')
    .version(version)
    .option('--server <url>', 'Hangar server (HANGAR_SERVER; default http://127.0.0.1:8080)')
    .option('--token <token>', 'session token or API key (HANGAR_TOKEN)')
    .option(
      '--home <dir>',
      'data directory holding credentials.json and admin.token (HANGAR_HOME; default ~/.hangar)',
    )
    .option('--json', 'print machine-readable JSON')
    // Set before the subcommands are added: they inherit these settings.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  program
    .command('serve')
    .description('Start the Hangar server (admin API, /v1 gateway, console)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new UsageError('`hangar serve` is run by the hangar executable (bin/hangar.js), not by main()');
    });
  const contextOf = contextFactory(io);
  registerAuthCommands(program, contextOf);
  registerModelCommands(program, contextOf);
  registerDownloadCommands(program, contextOf);
  registerDeploymentCommands(program, contextOf);
  registerInstanceCommands(program, contextOf);
  registerKeyCommands(program, contextOf);
  registerChatCommand(program, contextOf);
  registerPlanningCommands(program, contextOf);
  registerEngineCommands(program, contextOf);
  registerDeploymentShowCommand(program, contextOf);
  registerGovernanceCommands(program, contextOf);
  registerUsageCommands(program, contextOf);
  return program;
}

/** Prints an error the way the CLI promises (`error: <message>`, no stack trace) and picks the exit status. */
function reportError(error: unknown, io: CliIo): number {
  // Commander has already printed its own usage errors and help.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof ExitCodeError) return error.exitCode;
  const message = error instanceof Error ? error.message : String(error);
  writeLine(io.stderr, `error: ${message}`);
  if (error instanceof UsageError) return 2;
  // The planner's refusals (422) carry what would fit instead.
  const suggestions = isApiError(error) ? error.details?.['suggestions'] : undefined;
  if (Array.isArray(suggestions) && suggestions.length > 0) {
    writeLine(io.stderr, 'suggestions:');
    for (const suggestion of suggestions) writeLine(io.stderr, `  - ${String(suggestion)}`);
  }
  const isLoginHintUseful =
    isApiError(error) &&
    error.status === 401 &&
    error.code !== 'invalid_credentials' &&
    !message.includes('hangar login');
  if (isLoginHintUseful) {
    writeLine(io.stderr, 'hint: log in with `hangar login`, or pass --token (HANGAR_TOKEN)');
  }
  return 1;
}

/**
 * Runs the `hangar` command line (`argv` without the node and script paths) and resolves to its exit
 * status. `io` replaces the process's streams, environment, fetch or timers (tests).
 */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const fullIo = processIo(io);
  try {
    await buildProgram(fullIo).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, fullIo);
  }
}
