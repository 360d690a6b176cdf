import {
  type DepositAddress,
  type DepositRow,
  type SimulatedTransfer,
  type WithdrawRow,
} from '../lib/funds-history';
import { ApiError, apiRequest, type RequestOptions } from './http';
import { type SessionStore, type TokenPair } from './session';

export interface Balance {
  asset: string;
  free: string;
  locked: string;
  total: string;
}

export interface Order {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: string;
  timeInForce: string;
  type: string;
  side: 'BUY' | 'SELL';
  stopPrice?: string;
  /** False while a stop order waits for its trigger. */
  isWorking?: boolean;
  /** When the order started working; -1 while a stop order waits for its trigger. */
  workingTime?: number;
  time: number;
  updateTime: number;
  origQuoteOrderQty?: string;
}

export interface Fill {
  symbol: string;
  id: number;
  orderId: number;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

export interface Session {
  sessionId: string;
  device: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

export interface AuditEntry {
  id: string;
  event: string;
  ip: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export type ApiKeyPermission = 'READ' | 'TRADE' | 'WITHDRAW';

/** What a key's owner may change. */
export interface ApiKeyChanges {
  label?: string;
  permissions?: ApiKeyPermission[];
  ipAllowList?: string[];
}

export interface ApiKeyView {
  id: string;
  apiKey: string;
  kind: 'HMAC' | 'ED25519';
  label: string;
  permissions: ApiKeyPermission[];
  ipAllowList: string[];
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export interface AccountInfo {
  balances: { asset: string; free: string; locked: string }[];
  commissionRates?: { maker: string; taker: string; buyer: string; seller: string };
}

export interface Withdrawal {
  withdrawalId: string;
  asset: string;
  amount: string;
  networkFee: string;
  address: string;
  status: string;
}

/** A missing, malformed, expired or revoked bearer token (docs/api-v1.md). */
const SESSION_ENDED = -2015;

/** The `/api/v1` routes of docs/api-v1.md, each with the session's bearer token. */
export class AccountApi {
  constructor(private readonly session: SessionStore) {}

  signUp(email: string, password: string) {
    return apiRequest<{ userId: string }>('/api/v1/auth/sign-up', {
      method: 'POST',
      body: { email, password },
    });
  }

  login(body: { email: string; password: string; mfaCode?: string; recoveryCode?: string }) {
    return apiRequest<TokenPair>('/api/v1/auth/login', { method: 'POST', body });
  }

  async logout(): Promise<void> {
    const tokens = this.session.current;
    if (tokens) {
      await apiRequest('/api/v1/auth/logout', {
        method: 'POST',
        body: { refreshToken: tokens.refreshToken },
      }).catch(() => undefined);
    }
    this.session.signOut();
  }

  logoutEverywhere() {
    return this.authed<{ sessionsRevoked: number }>('/api/v1/auth/logout-everywhere', { method: 'POST' });
  }
  sessions() {
    return this.authed<{ sessions: Session[] }>('/api/v1/sessions');
  }
  revokeSession(sessionId: string) {
    return this.authed(`/api/v1/sessions/${encodeURIComponent(sessionId)}`, { method: 'DELETE' });
  }
  auditLog(limit = 50) {
    return this.authed<{ entries: AuditEntry[] }>('/api/v1/audit-log', { query: { limit } });
  }
  enrolMfa() {
    return this.authed<{ secret: string; otpauthUri: string; qrCodeDataUrl: string }>('/api/v1/mfa/enrol', {
      method: 'POST',
    });
  }
  confirmMfa(code: string) {
    return this.authed<{ recoveryCodes: string[] }>('/api/v1/mfa/confirm', {
      method: 'POST',
      body: { code },
    });
  }
  disableMfa(code: string) {
    return this.authed('/api/v1/mfa/disable', { method: 'POST', body: { code } });
  }
  apiKeys() {
    return this.authed<{ keys: ApiKeyView[] }>('/api/v1/api-keys');
  }
  createApiKey(body: {
    mfaCode: string;
    kind: 'HMAC';
    label: string;
    permissions: ApiKeyPermission[];
    ipAllowList: string[];
  }) {
    return this.authed<ApiKeyView & { secret?: string }>('/api/v1/api-keys', { method: 'POST', body });
  }
  /** A key's label, permissions and IP allow-list (the fields given), with a fresh authenticator code. */
  updateApiKey(id: string, body: ApiKeyChanges & { mfaCode: string }) {
    return this.authed<ApiKeyView>(`/api/v1/api-keys/${encodeURIComponent(id)}`, { method: 'PATCH', body });
  }
  revokeApiKey(id: string) {
    return this.authed<ApiKeyView>(`/api/v1/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }
  balances() {
    return this.authed<{ balances: Balance[] }>('/api/v1/balances');
  }
  account() {
    return this.authed<AccountInfo>('/api/v1/account');
  }
  faucet(asset: string, amount: string) {
    return this.authed('/api/v1/deposits/faucet', {
      method: 'POST',
      body: { asset, amount, idempotencyKey: crypto.randomUUID() },
    });
  }
  withdraw(body: {
    asset: string;
    amount: string;
    address: string;
    mfaCode: string;
    idempotencyKey: string;
  }) {
    return this.authed<Withdrawal>('/api/v1/withdrawals', { method: 'POST', body });
  }
  /** The user's deposit address for `coin` (Binance's `deposit/address`), created on the first request. */
  depositAddress(coin: string) {
    return this.authed<DepositAddress>('/api/v1/deposits/address', { query: { coin } });
  }
  /** Demo: the simulated chain sends `amount` of `asset` to the user's own deposit address. */
  simulateDeposit(asset: string, amount: string) {
    return this.authed<SimulatedTransfer>('/api/v1/deposits/simulate', {
      method: 'POST',
      body: { asset, amount },
    });
  }
  /** The user's deposits, newest first (Binance's `deposit/hisrec` rows). */
  deposits(limit = 50) {
    return this.authed<DepositRow[]>('/api/v1/deposits', { query: { limit } });
  }
  /** The user's withdrawals, newest first (Binance's `withdraw/history` rows). */
  withdrawals(limit = 50) {
    return this.authed<WithdrawRow[]>('/api/v1/withdrawals', { query: { limit } });
  }
  placeOrder(params: Record<string, string>) {
    return this.authed<Order & { fills?: unknown[] }>('/api/v1/order', { method: 'POST', body: params });
  }
  /** Binance's cancelReplace: the order cancelled and `params`' order placed in its stead (STOP_ON_FAILURE). */
  replaceOrder(order: Order, params: Record<string, string>) {
    return this.authed<{ cancelResponse: Order; newOrderResponse: Order }>('/api/v1/order/cancelReplace', {
      method: 'POST',
      body: {
        symbol: order.symbol,
        side: order.side,
        type: order.type,
        ...params,
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrderId: String(order.orderId),
        newOrderRespType: 'RESULT',
      },
    });
  }
  cancelOrder(symbol: string, orderId: number) {
    return this.authed<Order>('/api/v1/order', { method: 'DELETE', query: { symbol, orderId } });
  }
  cancelAll(symbol: string) {
    return this.authed<Order[]>('/api/v1/openOrders', { method: 'DELETE', query: { symbol } });
  }
  openOrders(symbol?: string) {
    return this.authed<Order[]>('/api/v1/openOrders', { query: { symbol } });
  }
  allOrders(symbol: string, limit = 100) {
    return this.authed<Order[]>('/api/v1/allOrders', { query: { symbol, limit } });
  }
  myTrades(symbol: string, limit = 100) {
    return this.authed<Fill[]>('/api/v1/myTrades', { query: { symbol, limit } });
  }

  /** The session's listen key for the user-data stream: its live one (extended) or a new one. */
  openUserStream() {
    return this.authed<{ listenKey: string }>('/api/v1/userDataStream', { method: 'POST' });
  }
  /** Keeps the listen key alive for another 60 minutes; fails with -1125 once it is gone. */
  keepUserStream(listenKey: string) {
    return this.authed<Record<string, never>>('/api/v1/userDataStream', {
      method: 'PUT',
      query: { listenKey },
    });
  }
  /** Ends the listen key at once (on log-out). */
  closeUserStream(listenKey: string) {
    return this.authed<Record<string, never>>('/api/v1/userDataStream', {
      method: 'DELETE',
      query: { listenKey },
    });
  }

  private async authed<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
    const token = await this.session.accessToken();
    try {
      return await apiRequest<T>(path, { ...options, token });
    } catch (error) {
      // The session ended elsewhere (log-out-everywhere, revoked): show the log-in instead of failing views.
      if (error instanceof ApiError && error.status === 401 && error.code === SESSION_ENDED)
        this.session.signOut();
      throw error;
    }
  }
}
