import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What `hangar login` keeps in `$HANGAR_HOME/credentials.json`. */
export interface StoredCredentials {
  server: string;
  token: string;
}

export type TokenSource = 'option' | 'credentials' | 'admin-token' | 'none';

export interface ResolvedAuth {
  server: string;
  token: string | undefined;
  source: TokenSource;
}

export interface AuthInputs {
  /** The configured server (`--server` / `HANGAR_SERVER` / default). */
  server: string;
  /** True when the server was chosen explicitly rather than defaulted. */
  isServerExplicit: boolean;
  /** `--token` / `HANGAR_TOKEN`. */
  token: string | undefined;
  credentials: StoredCredentials | null;
  /** Contents of `$HANGAR_HOME/admin.token`. */
  adminToken: string | null;
}

function sameServer(left: string, right: string): boolean {
  return left.replace(/\/+$/, '') === right.replace(/\/+$/, '');
}

/** True for `localhost`, `127.x.x.x` and `[::1]` URLs. */
export function isLoopbackServer(server: string): boolean {
  try {
    const host = new URL(server).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/**
 * Picks the server and token: `--token`/`HANGAR_TOKEN` first, then the login credentials (whose server is
 * used unless one was given explicitly; a token is never sent to another server than the one it came from),
 * then the local admin token, which is only sent to a loopback server since it belongs to the local one.
 */
export function resolveAuth(inputs: AuthInputs): ResolvedAuth {
  const { credentials } = inputs;
  const server = !inputs.isServerExplicit && credentials ? credentials.server : inputs.server;
  if (inputs.token) return { server, token: inputs.token, source: 'option' };
  if (credentials && sameServer(credentials.server, server)) {
    return { server, token: credentials.token, source: 'credentials' };
  }
  if (inputs.adminToken && isLoopbackServer(server)) {
    return { server, token: inputs.adminToken, source: 'admin-token' };
  }
  return { server, token: undefined, source: 'none' };
}

const credentialsFile = (home: string) => join(home, 'credentials.json');

function isMissing(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Reads `credentials.json`; `null` when absent. A malformed file is an error that says what to do. */
export async function readCredentials(home: string): Promise<StoredCredentials | null> {
  let text: string;
  try {
    text = await readFile(credentialsFile(home), 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const record = parsed as Partial<StoredCredentials> | null;
  if (typeof record?.server !== 'string' || typeof record.token !== 'string') {
    throw new Error(
      `${credentialsFile(home)} is not valid: run \`hangar logout\` and \`hangar login\` again`,
    );
  }
  return { server: record.server, token: record.token };
}

/** Writes `credentials.json` readable by the owner only (0600). */
export async function writeCredentials(home: string, credentials: StoredCredentials): Promise<string> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const path = credentialsFile(home);
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created; an older file keeps its mode without this.
  await chmod(path, 0o600);
  return path;
}

/** Removes `credentials.json`; true when there was one. */
export async function deleteCredentials(home: string): Promise<boolean> {
  try {
    await rm(credentialsFile(home));
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Reads the server-written `admin.token`; `null` when absent or empty. */
export async function readAdminToken(home: string): Promise<string | null> {
  try {
    const token = (await readFile(join(home, 'admin.token'), 'utf8')).trim();
    return token === '' ? null : token;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}
