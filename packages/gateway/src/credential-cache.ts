import type { Authenticator, Clock, Principal } from '@hangar/core';

const MAX_ENTRIES = 4_096;

interface Entry {
  principal: Principal;
  expiresAt: number;
}

/**
 * Remembers accepted tokens for a short while, so that a burst of requests with one key costs one hash and
 * lookup in the authenticator rather than one per request. The authenticator stays the source of truth: an
 * entry lives at most `ttlMs`, refused tokens are never cached (a key created a moment ago works at once), and
 * `invalidate()` forgets everything (call it when keys, users or sessions change: a revoked key is then refused
 * on its next request).
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly authenticator: Authenticator,
    private readonly clock: Clock,
    /** 0 or less: no cache. */
    private readonly ttlMs: number,
  ) {}

  authenticate(token: string): Principal | undefined {
    if (this.ttlMs <= 0) return this.authenticator.authenticate(token);
    const now = this.clock.now();
    const entry = this.entries.get(token);
    if (entry !== undefined && entry.expiresAt > now) return entry.principal;
    const principal = this.authenticator.authenticate(token);
    if (principal === undefined) {
      this.entries.delete(token);
      return undefined;
    }
    if (entry === undefined && this.entries.size >= MAX_ENTRIES) {
      // The oldest insertion goes: with a TTL this short, that is as good as least recently used.
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    // Never past the credential's own expiry: an expiring key is refused on time.
    const expiresAt = Math.min(now + this.ttlMs, principal.expiresAt ?? Number.POSITIVE_INFINITY);
    this.entries.set(token, { principal, expiresAt });
    return principal;
  }

  /** Forgets every accepted token. */
  invalidate(): void {
    this.entries.clear();
  }
}
