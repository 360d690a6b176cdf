import { apiRequest, ApiError } from './http';

export interface TokenPair {
  userId: string;
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

const STORAGE_KEY = 'exchange.session';
/** Refresh this long before the access token expires, so a request never carries an expired one. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The signed-in session: tokens in sessionStorage (gone when the tab closes), the access token refreshed before it
 * expires (the refresh token rotates), listeners told when the user signs in or out.
 */
export class SessionStore {
  private tokens: TokenPair | undefined;
  private refreshing: Promise<TokenPair | undefined> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: Storage | undefined = globalThis.sessionStorage) {
    const saved = this.storage?.getItem(STORAGE_KEY);
    if (saved) this.tokens = JSON.parse(saved) as TokenPair;
  }

  get current(): TokenPair | undefined {
    return this.tokens;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  signIn(tokens: TokenPair): void {
    this.tokens = tokens;
    this.storage?.setItem(STORAGE_KEY, JSON.stringify(tokens));
    this.emit();
  }

  signOut(): void {
    this.tokens = undefined;
    this.storage?.removeItem(STORAGE_KEY);
    this.emit();
  }

  /** A valid access token, refreshed first if it is about to expire; undefined when signed out. */
  async accessToken(): Promise<string | undefined> {
    const tokens = this.tokens;
    if (!tokens) return undefined;
    if (Date.parse(tokens.accessTokenExpiresAt) - Date.now() > REFRESH_MARGIN_MS) return tokens.accessToken;
    this.refreshing ??= this.refresh(tokens).finally(() => (this.refreshing = undefined));
    return (await this.refreshing)?.accessToken;
  }

  private async refresh(tokens: TokenPair): Promise<TokenPair | undefined> {
    try {
      const next = await apiRequest<TokenPair>('/api/v1/auth/refresh', {
        method: 'POST',
        body: { refreshToken: tokens.refreshToken },
      });
      this.signIn(next);
      return next;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.signOut();
      throw error;
    }
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
