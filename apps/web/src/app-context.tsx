import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';

import { AccountApi } from './api/account-api';
import { fetchMarkets } from './api/market-api';
import { SessionStore, type TokenPair } from './api/session';
import { type ConnectionState, StreamClient } from './api/stream-client';
import { UserStream } from './api/user-stream';
import { type MarketRules } from './lib/market-rules';

interface AppServices {
  readonly stream: StreamClient;
  /** The signed-in user's data stream (orders, fills, balances), running while a session exists. */
  readonly userStream: UserStream;
  readonly session: SessionStore;
  readonly api: AccountApi;
  readonly markets: readonly MarketRules[];
  readonly marketsError: string | undefined;
  /**
   * Bumped when the account's views must re-read: after the trader's own actions and each time the user-data stream
   * (re)connects (what happened while it was down is not in its events). Between those, the stream's events keep them
   * current (`useAccountData`).
   */
  readonly accountVersion: number;
  readonly accountChanged: () => void;
}

const AppContext = createContext<AppServices | undefined>(undefined);

export function AppProvider({
  children,
  stream,
  userStream,
}: {
  children: ReactNode;
  stream?: StreamClient;
  userStream?: UserStream;
}) {
  const [services] = useState(() => {
    const session = new SessionStore();
    const api = new AccountApi(session);
    return {
      stream: stream ?? new StreamClient(),
      userStream: userStream ?? new UserStream(api),
      session,
      api,
    };
  });
  const [markets, setMarkets] = useState<readonly MarketRules[]>([]);
  const [marketsError, setMarketsError] = useState<string>();
  const [accountVersion, setAccountVersion] = useState(0);
  const accountChanged = useCallback(() => setAccountVersion((v) => v + 1), []);

  useEffect(() => {
    let cancelled = false;
    const load = (attempt: number) =>
      fetchMarkets().then(
        (list) => !cancelled && (setMarkets(list), setMarketsError(undefined)),
        () => {
          if (cancelled) return;
          setMarketsError('Markets cannot be loaded; retrying.');
          setTimeout(() => load(attempt + 1), Math.min(10_000, 1000 * 2 ** attempt));
        },
      );
    void load(0);
    return () => {
      cancelled = true;
    };
  }, []);

  useUserStream(services.userStream, services.session, accountChanged);

  const value = useMemo(
    () => ({ ...services, markets, marketsError, accountVersion, accountChanged }),
    [services, markets, marketsError, accountVersion, accountChanged],
  );
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp outside AppProvider');
  return services;
}

export function useSession(): TokenPair | undefined {
  const { session } = useApp();
  return useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.current,
  );
}

export function useConnectionState(): ConnectionState {
  const { stream } = useApp();
  return useSyncExternalStore(
    (listener) => stream.onState(listener),
    () => stream.connectionState,
  );
}

export function useUserStreamState(): ConnectionState {
  const { userStream } = useApp();
  return useSyncExternalStore(
    (listener) => userStream.onState(listener),
    () => userStream.connectionState,
  );
}

export function useMarket(symbol: string): MarketRules | undefined {
  return useApp().markets.find((m) => m.symbol === symbol);
}

/**
 * Runs the user-data stream while signed in (and stops it on sign-out); each (re)connect re-reads the account's
 * views, since events missed while disconnected are not replayed.
 */
function useUserStream(userStream: UserStream, session: SessionStore, accountChanged: () => void): void {
  const signedIn = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.current !== undefined,
  );
  useEffect(() => {
    if (!signedIn) return;
    const unsubscribe = userStream.subscribe({ onLive: accountChanged });
    userStream.start();
    return () => {
      unsubscribe();
      userStream.stop();
    };
  }, [userStream, signedIn, accountChanged]);
}
