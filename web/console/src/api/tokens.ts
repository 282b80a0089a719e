// The session's token pair, kept in localStorage so a reload (or another tab) stays logged in.
// The store is observable (useSyncExternalStore) and follows changes made by other tabs.

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, in ms since the epoch (from the server's `expiresIn`). */
  expiresAt: number;
}

/** The token fields of an AuthPayload. */
export interface AuthTokensPayload {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export function tokensFromPayload(payload: AuthTokensPayload, now: number): Tokens {
  return {
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
    expiresAt: now + payload.expiresIn * 1000,
  };
}

export interface TokenStore {
  load(): Tokens | null;
  save(tokens: Tokens | null): void;
  subscribe(listener: () => void): () => void;
}

/** The part of the Web Storage API the store needs. */
export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export const TOKENS_STORAGE_KEY = "qiao.session";

function parseTokens(raw: string | null): Tokens | null {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return null;
    const { accessToken, refreshToken, expiresAt } = value as Record<string, unknown>;
    if (
      typeof accessToken !== "string" ||
      typeof refreshToken !== "string" ||
      typeof expiresAt !== "number"
    ) {
      return null;
    }
    return { accessToken, refreshToken, expiresAt };
  } catch {
    return null;
  }
}

export class StorageTokenStore implements TokenStore {
  private cached: Tokens | null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string = TOKENS_STORAGE_KEY,
  ) {
    this.cached = parseTokens(storage.getItem(key));
  }

  load(): Tokens | null {
    return this.cached;
  }

  save(tokens: Tokens | null): void {
    if (tokens === null) this.storage.removeItem(this.key);
    else this.storage.setItem(this.key, JSON.stringify(tokens));
    this.cached = tokens;
    this.emit();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Picks up a change another tab made (call from a `storage` event for our key). */
  reload(): void {
    const next = parseTokens(this.storage.getItem(this.key));
    if (JSON.stringify(next) === JSON.stringify(this.cached)) return;
    this.cached = next;
    this.emit();
  }

  get storageKey(): string {
    return this.key;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
