import type { Command } from 'commander';
import { integerArgument, numberArgument, type ContextFactory } from '../cli-context.js';
import { ExitCodeError } from '../cli-io.js';
import { runChat } from '../chat/chat-session.js';

/** `hangar chat <model>`. */
export function registerChatCommand(program: Command, contextOf: ContextFactory): void {
  program
    .command('chat <model>')
    .description('Chat with a deployed model (reads one turn per line when stdin is not a terminal)')
    .option('--system <text>', 'system prompt')
    .option('--temperature <t>', 'sampling temperature (0-2)', numberArgument)
    .option('--max-tokens <n>', 'maximum tokens per answer', integerArgument(1))
    .action(
      async (
        model: string,
        options: { system?: string; temperature?: number; maxTokens?: number },
        command: Command,
      ) => {
        const context = await contextOf(command);
        const exitCode = await runChat(context.client, context.io, { model, ...options });
        if (exitCode !== 0) throw new ExitCodeError(exitCode);
      },
    );
}
