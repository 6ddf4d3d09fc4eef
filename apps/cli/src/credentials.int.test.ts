import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteCredentials, readAdminToken, readCredentials, writeCredentials } from './credentials.js';

let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'hangar-credentials-'));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('credential files', () => {
  it('round-trips credentials.json with mode 0600, creating the home directory', async () => {
    const nested = join(home, 'fresh');
    const path = await writeCredentials(nested, { server: 'http://127.0.0.1:8080', token: 't1' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readCredentials(nested)).toEqual({ server: 'http://127.0.0.1:8080', token: 't1' });
    expect(await deleteCredentials(nested)).toBe(true);
    expect(await deleteCredentials(nested)).toBe(false);
    expect(await readCredentials(nested)).toBeNull();
  });

  it('tightens the mode of an existing, too open file', async () => {
    const path = join(home, 'credentials.json');
    await writeFile(path, '{}', { mode: 0o644 });
    await writeCredentials(home, { server: 'http://h', token: 't2' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ server: 'http://h', token: 't2' });
  });

  it('says what to do about a malformed credentials.json', async () => {
    await writeFile(join(home, 'credentials.json'), 'not json');
    await expect(readCredentials(home)).rejects.toThrow('run `hangar logout` and `hangar login` again');
  });

  it('reads admin.token trimmed, and null when absent or blank', async () => {
    expect(await readAdminToken(home)).toBeNull();
    await writeFile(join(home, 'admin.token'), '  abc\n');
    expect(await readAdminToken(home)).toBe('abc');
    await writeFile(join(home, 'admin.token'), '\n');
    expect(await readAdminToken(home)).toBeNull();
  });
});
