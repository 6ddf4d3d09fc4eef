import { z } from 'zod';

/** Model downloads from Hugging Face and ModelScope (`POST /api/models/pull`, `/api/downloads`). */

export const modelSourceSchema = z.enum(['huggingface', 'modelscope']);

export const pullModelRequestSchema = z.object({
  source: modelSourceSchema,
  /** `owner/name` on the hub. */
  repo: z
    .string()
    .regex(
      /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/,
      'use owner/name, e.g. deepseek-ai/DeepSeek-R1-Distill-Qwen-7B',
    ),
  /** Branch, tag or commit; the hub's default branch when left out. */
  revision: z.string().min(1).max(200).optional(),
  /** Globs of the files to fetch (`*Q4_K_M*.gguf`); every file when left out. */
  include: z.array(z.string().min(1).max(200)).max(64).optional(),
  /** One GGUF quant to pick (`Q4_K_M`), all shards of it. */
  quant: z.string().min(1).max(32).optional(),
  /** The name to register the model under once it is downloaded. */
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/, 'use letters, digits, ".", "_", ":" or "-"')
    .optional(),
});

export type ModelSourceName = z.infer<typeof modelSourceSchema>;
export type PullModelRequest = z.infer<typeof pullModelRequestSchema>;

export type DownloadStateName = 'queued' | 'downloading' | 'verifying' | 'done' | 'failed' | 'cancelled';

/** One file of a download. */
export interface DownloadFileView {
  path: string;
  sizeBytes: number;
  bytesDone: number;
  state: 'queued' | 'downloading' | 'done' | 'failed';
}

/** A download as the admin API shows it. */
export interface DownloadView {
  id: string;
  source: ModelSourceName;
  repo: string;
  revision: string;
  /** The commit the revision resolved to, once known. */
  commit: string | null;
  include: string[];
  quant: string | null;
  /** The model name it will be registered under, if one was given. */
  name: string | null;
  state: DownloadStateName;
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
  files: DownloadFileView[];
  /** The folder the files go to. */
  path: string;
  error: { code: string; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}
