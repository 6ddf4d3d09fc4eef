import {
  AuthenticationError,
  NotFoundError,
  PermissionError,
  ValidationError,
  type ApiKey,
  type Authenticator,
  type Clock,
  type LimitSet,
  type Principal,
  type User,
} from '@hangar/core';
import type { Store } from '@hangar/store';
import {
  generateId,
  generatePassword,
  generateSecret,
  hashPassword,
  hashSecret,
  verifyPassword,
} from './secrets.js';

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
  private readonly keysByHash = new Map<string, { principal: Principal; expiresAt: number | null }>();
  private readonly usedKeyIds = new Set<string>();
  private readonly changeListeners: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.reloadKeys();
  }

  /** Creates the admin on first start. Returns the generated password, or null when one was given or exists. */
  async bootstrapAdmin(
    givenPassword: string | undefined,
  ): Promise<{ created: boolean; generatedPassword: string | null }> {
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
    if (user?.disabledAt)
      throw new AuthenticationError('This account is disabled; ask an admin', 'account_disabled');
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAA');
    if (!user || !ok) throw new AuthenticationError('Wrong username or password', 'invalid_credentials');
    const { passwordHash: _secret, ...publicUser } = user;
    return { ...this.createSession(user.id, SESSION_TTL_MS), user: publicUser };
  }

  /** A long-lived admin session for the local CLI (written to `$HANGAR_HOME/admin.token`). */
  createLocalAdminSession(previousToken: string | undefined): string {
    if (previousToken) {
      this.store.sessions.delete(hashSecret(previousToken));
      this.credentialsChanged();
    }
    const admin = this.store.users.findByUsername('admin');
    if (!admin) throw new NotFoundError('There is no admin user', 'user_not_found');
    return this.createSession(admin.id, LOCAL_ADMIN_TTL_MS).token;
  }

  logout(tokenHash: string): void {
    this.store.sessions.delete(tokenHash);
    this.credentialsChanged();
  }

  /**
   * Calls `listener` whenever an accepted credential may have stopped being valid or changed what it carries
   * (keys, users, teams, sessions): the gateway then forgets the credentials it cached.
   */
  onCredentialsChanged(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  private credentialsChanged(): void {
    for (const listener of this.changeListeners) listener();
  }

  /** The user of a session token, or undefined. */
  sessionUser(token: string): SessionUser | undefined {
    if (!token.startsWith('hs-')) return undefined;
    const tokenHash = hashSecret(token);
    const userId = this.store.sessions.findUserId(tokenHash, this.clock.now());
    const user = userId === undefined ? undefined : this.store.users.findById(userId);
    if (!user || user.disabledAt) return undefined;
    const { passwordHash: _secret, ...publicUser } = user;
    return { ...publicUser, tokenHash };
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = this.store.users.findById(userId);
    if (!user) throw new NotFoundError('User not found', 'user_not_found');
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new ValidationError('The current password is wrong', {}, 'invalid_credentials');
    }
    if (currentPassword === newPassword)
      throw new ValidationError('Choose a password different from the current one');
    this.store.users.updatePassword(userId, await hashPassword(newPassword));
    this.credentialsChanged();
  }

  createKey(
    user: User,
    options: {
      name: string;
      expiresInDays?: number | undefined;
      allowedModels?: string[] | undefined;
      limits?: LimitSet | undefined;
    },
  ): { key: ApiKey; secret: string } {
    const secret = generateSecret('hk-');
    const now = this.clock.now();
    const key: ApiKey = {
      id: generateId('key-'),
      name: options.name,
      prefix: secret.slice(0, 7),
      userId: user.id,
      createdAt: now,
      revokedAt: null,
      lastUsedAt: null,
      expiresAt: options.expiresInDays === undefined ? null : now + options.expiresInDays * 86_400_000,
      allowedModels: options.allowedModels ?? null,
      limits: options.limits ?? {},
    };
    this.store.apiKeys.insert(key, hashSecret(secret));
    this.reloadKeys();
    return { key, secret };
  }

  /** Changes a key's limits, allowed models or expiry (its owner or an admin). */
  updateKey(
    user: User,
    id: string,
    changes: { limits?: LimitSet; allowedModels?: string[] | null; expiresAt?: number | null },
  ): ApiKey {
    this.ownedKey(user, id);
    this.store.apiKeys.update(id, changes);
    this.reloadKeys();
    return this.ownedKey(user, id);
  }

  listKeys(user: User): ApiKey[] {
    return this.store.apiKeys.list(user.role === 'admin' ? undefined : user.id);
  }

  revokeKey(user: User, id: string): void {
    const key = this.ownedKey(user, id);
    if (key.revokedAt === null) this.store.apiKeys.revoke(id, this.clock.now());
    this.reloadKeys();
  }

  private ownedKey(user: User, id: string): ApiKey {
    const key = this.store.apiKeys.findById(id);
    if (!key || (user.role !== 'admin' && key.userId !== user.id)) {
      throw new NotFoundError(`No API key with id '${id}'`, 'api_key_not_found');
    }
    return key;
  }

  /** Gateway authentication: an `hk-` API key, or a console/CLI session token. */
  authenticate(bearerToken: string): Principal | undefined {
    if (bearerToken.startsWith('hk-')) {
      const entry = this.keysByHash.get(hashSecret(bearerToken));
      if (!entry || (entry.expiresAt !== null && entry.expiresAt <= this.clock.now())) return undefined;
      this.usedKeyIds.add(entry.principal.keyId ?? '');
      return entry.principal;
    }
    const user = this.sessionUser(bearerToken);
    if (!user) return undefined;
    const team = user.teamId ? this.store.teams.findById(user.teamId) : undefined;
    return {
      userId: user.id,
      username: user.username,
      keyId: null,
      teamId: team?.id ?? null,
      teamName: team?.name,
      limits: { user: user.limits, team: team?.limits },
    };
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

  /** Rebuilds the in-memory key table: after any change to keys, users or teams. */
  reloadKeys(): void {
    this.keysByHash.clear();
    const teams = new Map(this.store.teams.list().map((team) => [team.id, team]));
    for (const { key, keyHash } of this.store.apiKeys.listActiveWithHash()) {
      const user = this.store.users.findById(key.userId);
      if (!user || user.disabledAt) continue;
      const team = user.teamId ? teams.get(user.teamId) : undefined;
      this.keysByHash.set(keyHash, {
        expiresAt: key.expiresAt ?? null,
        principal: {
          userId: user.id,
          username: user.username,
          keyId: key.id,
          keyName: key.name,
          teamId: team?.id ?? null,
          teamName: team?.name,
          allowedModels: key.allowedModels ?? null,
          limits: { key: key.limits, user: user.limits, team: team?.limits },
          expiresAt: key.expiresAt ?? null,
        },
      });
    }
    this.credentialsChanged();
  }
}
