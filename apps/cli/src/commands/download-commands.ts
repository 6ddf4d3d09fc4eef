import type { DownloadView } from '@hangar/contracts';
import type { Command } from 'commander';
import type { CommandContext, ContextFactory } from '../cli-context.js';
import { UsageError } from '../cli-io.js';
import {
  downloadHeaders,
  downloadRow,
  formatProgressBar,
  formatProgressLine,
  parseModelReference,
} from '../format/format-download.js';
import { formatTable } from '../format/format-table.js';

const pollMs = 500;
const finalStates = new Set(['done', 'failed', 'cancelled']);

interface PullOptions {
  revision?: string;
  include?: string[];
  quant?: string;
  name?: string;
  detach?: boolean;
}

/** Shows progress until the download ends: a redrawn bar on a terminal, a line per 10% otherwise. */
async function followDownload(context: CommandContext, first: DownloadView): Promise<DownloadView> {
  const stream = context.io.stderr;
  const isTty = stream.isTTY === true;
  let download = first;
  let lastLine = '';
  let lastDecile = -1;
  for (;;) {
    if (isTty) stream.write(`\r\u001b[2K${formatProgressBar(download)}`);
    else {
      const decile =
        download.bytesTotal > 0 ? Math.floor((download.bytesDone / download.bytesTotal) * 10) : 0;
      const line = formatProgressLine(download);
      const isNews = decile !== lastDecile || !lastLine.startsWith(`${download.id} ${download.state} `);
      if (isNews && line !== lastLine) stream.write(`${line}\n`);
      lastDecile = decile;
      lastLine = line;
    }
    if (finalStates.has(download.state)) break;
    await context.io.sleep(pollMs);
    download = await context.client.getDownload(download.id);
  }
  if (isTty) stream.write('\n');
  return download;
}

/** `hangar model pull`, `hangar downloads`, `hangar download cancel`. */
export function registerDownloadCommands(program: Command, contextOf: ContextFactory): void {
  const model = program.commands.find((command) => command.name() === 'model') ?? program.command('model');
  model
    .command('pull <reference>')
    .description('Download a model from Hugging Face (hf:owner/name) or ModelScope (ms:owner/name)')
    .option('--revision <revision>', 'branch, tag or commit (default: the hub default branch)')
    .option('--include <glob...>', 'only files matching these globs, e.g. "*Q4_K_M*.gguf"')
    .option('--quant <quant>', 'pick one GGUF quant, e.g. Q4_K_M')
    .option('--name <name>', 'name to register the model under')
    .option('--detach', 'start the download and return without waiting')
    .action(async (reference: string, options: PullOptions, command: Command) => {
      const parsed = parseModelReference(reference);
      if (!parsed) throw new UsageError(`expected hf:owner/name or ms:owner/name, got "${reference}"`);
      const context = await contextOf(command);
      const started = await context.client.pullModel({
        ...parsed,
        revision: options.revision,
        include: options.include,
        quant: options.quant,
        name: options.name,
      });
      if (options.detach) {
        if (context.isJson) return context.printJson(started);
        return context.print(`Started download ${started.id} (hangar downloads to follow it)`);
      }
      const finished = await followDownload(context, started);
      if (context.isJson) context.printJson(finished);
      if (finished.state === 'done') {
        if (!context.isJson)
          context.print(`Downloaded ${finished.repo}@${finished.revision} to ${finished.path}`);
        return;
      }
      const why = finished.error?.message ?? finished.state;
      throw new Error(`download ${finished.id} ${finished.state}: ${why}`);
    });

  program
    .command('downloads')
    .description('List model downloads')
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(command);
      const downloads = await context.client.listDownloads();
      if (context.isJson) return context.printJson(downloads);
      context.print(formatTable(downloadHeaders, downloads.map(downloadRow)));
    });

  program
    .command('download')
    .description('Manage a model download')
    .command('cancel <id>')
    .description('Cancel a download (its partial files stay for a later resume)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      await context.client.cancelDownload(id);
      if (context.isJson) return context.printJson({ cancelled: id });
      context.print(`Cancelled download ${id}`);
    });
}
