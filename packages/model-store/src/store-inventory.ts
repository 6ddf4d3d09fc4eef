import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { ModelSource } from './hub-client.js';
import { ModelStoreError } from './hub-errors.js';
import { lockFileName, manifestFileName, partSuffix } from './model-layout.js';
import { readManifest, type StoredFile } from './model-manifest.js';

/** A model on disk: downloaded into the store, or a local folder/file registered in place. */
export interface StoredModel {
  kind: 'downloaded' | 'imported';
  source: ModelSource | 'local';
  /** `owner/name` for downloads; the name given (or the base name) for imports. */
  repo: string;
  revision: string | null;
  commit: string | null;
  /** The folder (downloads, imported folders) or the file (an imported file). */
  path: string;
  files: StoredFile[];
  sizeBytes: number;
  /** False for a folder that only holds `.part` files or lacks a manifest (an unfinished download). */
  isComplete: boolean;
}

/** Files of a folder (recursively), skipping Hangar's own bookkeeping and unfinished `.part` files. */
export async function walkFiles(root: string, directory = root): Promise<StoredFile[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files: StoredFile[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walkFiles(root, full)));
    else if (entry.isFile() && !entry.name.endsWith(partSuffix) && !entry.name.startsWith('.hangar-')) {
      const path = relative(root, full).split(sep).join('/');
      files.push({ path, localPath: full, sizeBytes: (await stat(full)).size, sha256: null });
    }
  }
  return files;
}

/** Removes every `.part` file under `directory`. */
export async function removePartFiles(directory: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) await removePartFiles(full);
    else if (entry.name.endsWith(partSuffix)) await rm(full, { force: true });
  }
}

async function subdirectories(directory: string): Promise<string[]> {
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => join(directory, entry.name));
  } catch {
    return [];
  }
}

/** Every `<source>/<owner>/<name>/<revision>` folder under the models root. */
export async function downloadFolders(
  modelsRoot: string,
): Promise<{ source: ModelSource; directory: string }[]> {
  const found: { source: ModelSource; directory: string }[] = [];
  for (const source of ['huggingface', 'modelscope'] as const) {
    for (const owner of await subdirectories(join(modelsRoot, source))) {
      for (const name of await subdirectories(owner)) {
        for (const revision of await subdirectories(name)) found.push({ source, directory: revision });
      }
    }
  }
  return found;
}

/** Describes one download folder from its manifest (or, without one, as unfinished). */
export async function describeDownloadFolder(
  modelsRoot: string,
  source: ModelSource,
  directory: string,
): Promise<StoredModel> {
  const manifest = await readManifest(directory);
  const [, owner = '', name = '', revision = ''] = relative(modelsRoot, directory).split(sep);
  const files: StoredFile[] = manifest
    ? manifest.files.map((file) => ({ ...file, localPath: join(directory, ...file.path.split('/')) }))
    : await walkFiles(directory);
  return {
    kind: 'downloaded',
    source,
    repo: manifest?.repo ?? `${owner}/${name}`,
    revision: manifest?.revision ?? revision,
    commit: manifest?.commit ?? null,
    path: directory,
    files,
    sizeBytes: files.reduce((sum, file) => sum + file.sizeBytes, 0),
    isComplete: manifest !== null,
  };
}

/** True when another process (or this one) holds the folder's download lock. */
export async function isLocked(directory: string): Promise<boolean> {
  return stat(join(directory, lockFileName)).then(
    () => true,
    () => false,
  );
}

export { manifestFileName };

/** An entry of `imports.json`. */
export interface ImportEntry {
  name: string;
  path: string;
  importedAt: string;
}

/** Local models registered in place, kept in `<models>/imports.json`. */
export class ImportRegistry {
  private readonly file: string;

  constructor(modelsRoot: string) {
    this.file = join(modelsRoot, 'imports.json');
  }

  async list(): Promise<ImportEntry[]> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      return Array.isArray(parsed) ? (parsed as ImportEntry[]) : [];
    } catch {
      return [];
    }
  }

  async save(entries: ImportEntry[]): Promise<void> {
    await writeFile(`${this.file}.tmp`, `${JSON.stringify(entries, null, 2)}\n`);
    await rename(`${this.file}.tmp`, this.file);
  }

  /** Describes an imported path as it is now on disk. */
  static async describe(entry: ImportEntry): Promise<StoredModel> {
    const path = resolve(entry.path);
    const info = await stat(path).catch((error: unknown) => {
      throw new ModelStoreError(`${path} does not exist or cannot be read.`, {
        code: 'model_path_not_found',
        cause: error,
      });
    });
    const files = info.isDirectory()
      ? await walkFiles(path)
      : [
          {
            path: path.slice(path.lastIndexOf(sep) + 1),
            localPath: path,
            sizeBytes: info.size,
            sha256: null,
          },
        ];
    return {
      kind: 'imported',
      source: 'local',
      repo: entry.name,
      revision: null,
      commit: null,
      path,
      files,
      sizeBytes: files.reduce((sum, file) => sum + file.sizeBytes, 0),
      isComplete: true,
    };
  }
}
