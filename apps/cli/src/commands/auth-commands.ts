import { isApiError } from '@hangar/api-client';
import type { Command } from 'commander';
import type { ContextFactory } from '../cli-context.js';
import { UsageError } from '../cli-io.js';
import { deleteCredentials, writeCredentials } from '../credentials.js';
import { readSecrets } from '../read-secret.js';

const sourceNames = {
  option: '--token / HANGAR_TOKEN',
  credentials: 'hangar login',
  'admin-token': 'the local admin token',
  none: 'no token',
} as const;

/** `hangar login|logout|whoami|passwd`. */
export function registerAuthCommands(program: Command, contextOf: ContextFactory): void {
  program
    .command('login')
    .description('Log in and keep the session in $HANGAR_HOME/credentials.json')
    .option('--username <name>', 'user name', 'admin')
    .option('--password-stdin', 'read the password from stdin instead of prompting')
    .action(async (options: { username: string; passwordStdin?: boolean }, command: Command) => {
      const context = await contextOf(command);
      const [password = ''] = await readSecrets(context.io, ['Password: '], options.passwordStdin === true);
      const session = await context.client.login({ username: options.username, password });
      const path = await writeCredentials(context.config.home, {
        server: context.auth.server,
        token: session.token,
      });
      if (context.isJson)
        return context.printJson({
          server: context.auth.server,
          user: session.user,
          expiresAt: session.expiresAt,
        });
      context.print(`Logged in to ${context.auth.server} as ${session.user.username} (${session.user.role})`);
      context.print(`Session saved in ${path}, valid until ${session.expiresAt}`);
      if (session.user.mustChangePassword) context.print('Change the initial password now: hangar passwd');
    });

  program
    .command('logout')
    .description('End the saved session and remove credentials.json')
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(command);
      if (context.auth.source === 'credentials') {
        try {
          await context.client.logout();
        } catch (error) {
          // An expired or already revoked session is as logged out as it gets; other errors are real.
          if (!isApiError(error) || error.status !== 401) throw error;
        }
      }
      const hadCredentials = await deleteCredentials(context.config.home);
      if (context.isJson) return context.printJson({ loggedOut: hadCredentials });
      context.print(hadCredentials ? 'Logged out' : 'Not logged in');
    });

  program
    .command('whoami')
    .description('Show the user the CLI acts as')
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(command);
      const user = await context.client.me();
      if (context.isJson)
        return context.printJson({ ...user, server: context.auth.server, via: context.auth.source });
      context.print(
        `${user.username} (${user.role}) on ${context.auth.server}, via ${sourceNames[context.auth.source]}`,
      );
    });

  program
    .command('passwd')
    .description('Change your password')
    .option('--password-stdin', 'read the current and the new password from stdin, one per line')
    .action(async (options: { passwordStdin?: boolean }, command: Command) => {
      const context = await contextOf(command);
      const isPrompting = options.passwordStdin !== true && context.io.stdin.isTTY === true;
      const prompts = [
        'Current password: ',
        'New password: ',
        ...(isPrompting ? ['Repeat the new password: '] : []),
      ];
      const [currentPassword = '', newPassword = '', repeated] = await readSecrets(
        context.io,
        prompts,
        !isPrompting,
      );
      if (isPrompting && repeated !== newPassword) throw new UsageError('the new passwords do not match');
      await context.client.changePassword({ currentPassword, newPassword });
      if (context.isJson) return context.printJson({ changed: true });
      context.print('Password changed');
    });
}
