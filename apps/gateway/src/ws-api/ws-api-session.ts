/** A connection's logon (`session.logon`): the API key its later requests act with when they name none. */
export interface WsApiLogon {
  apiKey: string;
  userId: string;
  authorizedSince: number;
}

/** What `session.logon`, `session.status` and `session.logout` answer (Binance's fields). */
export interface WsApiSessionStatus {
  apiKey: string | null;
  authorizedSince: number | null;
  connectedSince: number;
  returnRateLimits: boolean;
  serverTime: number;
  /** Whether the logon's own user-data subscription (`userDataStream.subscribe`) is active. */
  userDataStream: boolean;
}

/**
 * One WebSocket API connection's session: when it opened, whether its answers carry `rateLimits` unless a request
 * says otherwise (`?returnRateLimits=false` on the connection's URL, as on Binance), and the API key it is logged on
 * with, if any. Only one key at a time: a second `session.logon` replaces the first.
 */
export class WsApiSession {
  private current?: WsApiLogon;

  constructor(
    readonly connectedSince: number,
    readonly returnRateLimits: boolean,
  ) {}

  get logon(): WsApiLogon | undefined {
    return this.current;
  }

  /** Logs the connection on with `apiKey`; whether it was logged on for another account before. */
  logOn(apiKey: string, userId: string, now: number): { accountChanged: boolean } {
    const accountChanged = this.current !== undefined && this.current.userId !== userId;
    this.current = { apiKey, userId, authorizedSince: now };
    return { accountChanged };
  }

  logOut(): void {
    this.current = undefined;
  }

  status(serverTime: number, userDataStream: boolean): WsApiSessionStatus {
    return {
      apiKey: this.current?.apiKey ?? null,
      authorizedSince: this.current?.authorizedSince ?? null,
      connectedSince: this.connectedSince,
      returnRateLimits: this.returnRateLimits,
      serverTime,
      userDataStream,
    };
  }
}
