import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/** `scrypt$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltText, hashText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(saltText, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** A random secret with a recognisable prefix: `hk-` API keys, `hs-` session tokens. */
export function generateSecret(prefix: 'hk-' | 'hs-'): string {
  return prefix + randomBytes(24).toString('base64url');
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Secrets are high-entropy, so a plain SHA-256 is the right stored form (no salt or stretching needed). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateId(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}
