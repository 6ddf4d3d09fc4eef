import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ModelSource } from './hub-client.js';
import { ModelStoreError } from './hub-errors.js';

/**
 * Where the store keeps files (docs/decisions/0005-model-store.md):
 *
 * ```
 * <home>/models/
 *   <source>/<owner>/<name>/<revision>/      one folder per requested revision (`main`, `v1.0`, a commit)
 *     <repo file paths...>                   complete, verified files, named as in the repository
 *     <path>.part                            a transfer in progress or interrupted (resumed by size)
 *     .hangar-download.lock                  held by the process downloading into this folder
 *     .hangar-model.json                     manifest: source, repo, revision, commit, files with size/sha256
 *   imports.json                             local folders/files registered without copying
 * ```
 */
export const lockFileName = '.hangar-download.lock';
export const manifestFileName = '.hangar-model.json';
export const partSuffix = '.part';

/** Turns a revision into one folder name (`refs/pr/1` -> `refs--pr--1`). */
export function revisionFolder(revision: string): string {
  return revision.replace(/[/\\]/g, '--').replace(/^\.+/, '_');
}

/** The folder of `repo@revision` from `source` under the models root. */
export function modelDirectory(
  modelsRoot: string,
  source: ModelSource,
  repo: string,
  revision: string,
): string {
  const [owner = '', name = ''] = repo.split('/');
  return join(modelsRoot, source, owner, name, revisionFolder(revision));
}

/** The local path of a repository file inside `directory`; refuses paths that would leave it (`../x`). */
export function filePathIn(directory: string, repoPath: string): string {
  const target = resolve(directory, repoPath);
  const inside = relative(directory, target);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw new ModelStoreError(`The hub listed a file outside the repository folder: ${repoPath}`, {
      code: 'hub_invalid_response',
    });
  }
  return target;
}
