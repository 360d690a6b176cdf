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
import { type MarketRules } from './lib/market-rules';

interface AppServices {
  readonly stream: StreamClient;
  readonly session: SessionStore;
  readonly api: AccountApi;
  readonly markets: readonly MarketRules[];
  readonly marketsError: string | undefined;
  /** Bumped whenever the account's orders or balances may have changed; views that show them re-read. */
  readonly accountVersion: number;
  readonly accountChanged: () => void;
}

const AppContext = createContext<AppServices | undefined>(undefined);

export function AppProvider({ children, stream }: { children: ReactNode; stream?: StreamClient }) {
  const [services] = useState(() => {
    const session = new SessionStore();
    return { stream: stream ?? new StreamClient(), session, api: new AccountApi(session) };
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

  useAccountActivity(services.stream, services.session, markets, accountChanged);

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

export function useMarket(symbol: string): MarketRules | undefined {
  return useApp().markets.find((m) => m.symbol === symbol);
}

/** At most one account refresh per this interval while trades keep printing. */
const ACCOUNT_REFRESH_MS = 500;
/** The ledger settles a fill after the engine prints the trade: one more refresh once trading goes quiet. */
const SETTLEMENT_FOLLOW_UP_MS = 2_000;

/**
 * The gateway has no user-data stream yet (docs/web.md), so account views learn of fills from the public trade
 * streams: every fill prints a trade, so while signed in a trade on any market re-reads orders and balances
 * (throttled, then once more after the trades stop, for the settlement). The trader's own actions call
 * `accountChanged` directly.
 */
function useAccountActivity(
  stream: StreamClient,
  session: SessionStore,
  markets: readonly MarketRules[],
  accountChanged: () => void,
): void {
  const signedIn = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.current !== undefined,
  );
  useEffect(() => {
    if (!signedIn) return;
    let throttle: ReturnType<typeof setTimeout> | undefined;
    let followUp: ReturnType<typeof setTimeout> | undefined;
    const onEvent = () => {
      throttle ??= setTimeout(() => {
        throttle = undefined;
        accountChanged();
      }, ACCOUNT_REFRESH_MS);
      clearTimeout(followUp);
      followUp = setTimeout(accountChanged, SETTLEMENT_FOLLOW_UP_MS);
    };
    const unsubscribes = markets.map((m) => stream.subscribe(`${m.symbol.toLowerCase()}@trade`, { onEvent }));
    return () => {
      clearTimeout(throttle);
      clearTimeout(followUp);
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }, [stream, signedIn, markets, accountChanged]);
}
