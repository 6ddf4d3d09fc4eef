import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelSource } from './hub-client.js';
import { manifestFileName } from './model-layout.js';

/** One complete, verified file of a stored model. */
export interface StoredFile {
  /** Path inside the repository (or inside the imported folder). */
  path: string;
  /** Absolute path on disk. */
  localPath: string;
  sizeBytes: number;
  sha256: string | null;
}

/** What `.hangar-model.json` records about a downloaded folder. */
export interface ModelManifest {
  source: ModelSource;
  repo: string;
  revision: string;
  commit: string;
  files: { path: string; sizeBytes: number; sha256: string | null }[];
  updatedAt: string;
}

/** Reads a folder's manifest; null when there is none (yet) or it is unreadable. */
export async function readManifest(directory: string): Promise<ModelManifest | null> {
  try {
    const parsed = JSON.parse(await readFile(join(directory, manifestFileName), 'utf8')) as ModelManifest;
    return Array.isArray(parsed.files) && typeof parsed.repo === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Merges `files` into the folder's manifest (an earlier pull with another include may have stored other
 * files of the same revision) and writes it atomically.
 */
export async function writeManifest(directory: string, manifest: ModelManifest): Promise<ModelManifest> {
  const previous = await readManifest(directory);
  const byPath = new Map<string, ModelManifest['files'][number]>();
  if (previous?.commit === manifest.commit) for (const file of previous.files) byPath.set(file.path, file);
  for (const file of manifest.files) byPath.set(file.path, file);
  const merged = { ...manifest, files: [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path)) };
  const path = join(directory, manifestFileName);
  await writeFile(`${path}.tmp`, `${JSON.stringify(merged, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
  return merged;
}
