import {
  AuthenticationError,
  NotFoundError,
  PermissionError,
  ValidationError,
  type ApiKey,
  type Authenticator,
  type Clock,
  type Principal,
  type User,
} from '@hangar/core';
import type { Store } from '@hangar/store';
import { generateId, generatePassword, generateSecret, hashPassword, hashSecret, verifyPassword } from './secrets.js';

const SESSION_TTL_MS = 7 * 24 * 3600_000;
const LOCAL_ADMIN_TTL_MS = 30 * 24 * 3600_000;

export interface SessionUser extends User {
  /** The session's token hash, to log it out. */
  tokenHash: string;
}

/**
 * Users, sessions and API keys. Also the gateway's Authenticator: active keys are held in memory (by hash), so
 * authenticating a request costs one SHA-256 and a map lookup.
 */
export class AuthService implements Authenticator {
  private readonly keysByHash = new Map<string, Principal>();
  private readonly usedKeyIds = new Set<string>();

  constructor(private readonly store: Store, private readonly clock: Clock) {
    this.reloadKeys();
  }

  /** Creates the admin on first start. Returns the generated password, or null when one was given or exists. */
  async bootstrapAdmin(givenPassword: string | undefined): Promise<{ created: boolean; generatedPassword: string | null }> {
    if (this.store.users.count() > 0) return { created: false, generatedPassword: null };
    const password = givenPassword ?? generatePassword();
    this.store.users.insert({
      id: generateId('u-'),
      username: 'admin',
      role: 'admin',
      mustChangePassword: givenPassword === undefined,
      createdAt: this.clock.now(),
      passwordHash: await hashPassword(password),
    });
    return { created: true, generatedPassword: givenPassword === undefined ? password : null };
  }

  async login(username: string, password: string): Promise<{ token: string; user: User; expiresAt: number }> {
    const user = this.store.users.findByUsername(username);
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAA');
    if (!user || !ok) throw new AuthenticationError('Wrong username or password', 'invalid_credentials');
    const { passwordHash: _secret, ...publicUser } = user;
    return { ...this.createSession(user.id, SESSION_TTL_MS), user: publicUser };
  }

  /** A long-lived admin session for the local CLI (written to `$HANGAR_HOME/admin.token`). */
  createLocalAdminSession(previousToken: string | undefined): string {
    if (previousToken) this.store.sessions.delete(hashSecret(previousToken));
    const admin = this.store.users.findByUsername('admin');
    if (!admin) throw new NotFoundError('There is no admin user', 'user_not_found');
    return this.createSession(admin.id, LOCAL_ADMIN_TTL_MS).token;
  }

  logout(tokenHash: string): void {
    this.store.sessions.delete(tokenHash);
  }

  /** The user of a session token, or undefined. */
  sessionUser(token: string): SessionUser | undefined {
    if (!token.startsWith('hs-')) return undefined;
    const tokenHash = hashSecret(token);
    const userId = this.store.sessions.findUserId(tokenHash, this.clock.now());
    const user = userId === undefined ? undefined : this.store.users.findById(userId);
    if (!user) return undefined;
    const { passwordHash: _secret, ...publicUser } = user;
    return { ...publicUser, tokenHash };
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = this.store.users.findById(userId);
    if (!user) throw new NotFoundError('User not found', 'user_not_found');
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new ValidationError('The current password is wrong', {}, 'invalid_credentials');
    }
    if (currentPassword === newPassword) throw new ValidationError('Choose a password different from the current one');
    this.store.users.updatePassword(userId, await hashPassword(newPassword));
  }

  createKey(user: User, name: string): { key: ApiKey; secret: string } {
    const secret = generateSecret('hk-');
    const key: ApiKey = {
      id: generateId('key-'),
      name,
      prefix: secret.slice(0, 7),
      userId: user.id,
      createdAt: this.clock.now(),
      revokedAt: null,
      lastUsedAt: null,
    };
    const keyHash = hashSecret(secret);
    this.store.apiKeys.insert(key, keyHash);
    this.keysByHash.set(keyHash, { userId: user.id, username: user.username, keyId: key.id });
    return { key, secret };
  }

  listKeys(user: User): ApiKey[] {
    return this.store.apiKeys.list(user.role === 'admin' ? undefined : user.id);
  }

  revokeKey(user: User, id: string): void {
    const key = this.store.apiKeys.findById(id);
    if (!key || (user.role !== 'admin' && key.userId !== user.id)) {
      throw new NotFoundError(`No API key with id '${id}'`, 'api_key_not_found');
    }
    if (key.revokedAt === null) this.store.apiKeys.revoke(id, this.clock.now());
    this.reloadKeys();
  }

  /** Gateway authentication: an `hk-` API key, or a console/CLI session token. */
  authenticate(bearerToken: string): Principal | undefined {
    if (bearerToken.startsWith('hk-')) {
      const principal = this.keysByHash.get(hashSecret(bearerToken));
      if (principal?.keyId) this.usedKeyIds.add(principal.keyId);
      return principal;
    }
    const user = this.sessionUser(bearerToken);
    return user && { userId: user.id, username: user.username, keyId: null };
  }

  /** Records which keys were used since the last call (batched with the usage ledger). */
  flushKeyUse(): void {
    if (this.usedKeyIds.size === 0) return;
    this.store.apiKeys.touch(this.usedKeyIds, this.clock.now());
    this.usedKeyIds.clear();
  }

  requireAdmin(user: User): void {
    if (user.role !== 'admin') throw new PermissionError('Only an admin can do this');
  }

  private createSession(userId: string, ttlMs: number): { token: string; expiresAt: number } {
    const token = generateSecret('hs-');
    const now = this.clock.now();
    this.store.sessions.insert(hashSecret(token), userId, now, now + ttlMs);
    return { token, expiresAt: now + ttlMs };
  }

  private reloadKeys(): void {
    this.keysByHash.clear();
    for (const { key, keyHash } of this.store.apiKeys.listActiveWithHash()) {
      const user = this.store.users.findById(key.userId);
      if (user) this.keysByHash.set(keyHash, { userId: user.id, username: user.username, keyId: key.id });
    }
  }
}
