import { useLayoutEffect, useState } from 'react';

import { useApp, useConnectionState, useSession, useUserStreamState } from './app-context';
import { AccountPage } from './pages/account-page';
import { LoginPage, SignUpPage } from './pages/auth-pages';
import { MarketPage } from './pages/market-page';
import { MarketsPage } from './pages/markets-page';
import { OrdersPage } from './pages/orders-page';
import { WalletPage } from './pages/wallet-page';
import { useRoute } from './router';
import { MaintenanceBanner } from './ui/maintenance-banner';

const THEME_KEY = 'exchange.theme';
const CONNECTION_LABELS = { open: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' } as const;

function initialTheme(): 'dark' | 'light' {
  const saved = globalThis.localStorage?.getItem(THEME_KEY);
  if (saved === 'dark' || saved === 'light') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export function App() {
  const route = useRoute();
  const session = useSession();
  const connection = useConnectionState();
  const accountConnection = useUserStreamState();
  const { api, userStream, markets } = useApp();
  const [theme, setTheme] = useState(initialTheme);

  // A layout effect, so the theme is on <html> before the chart's own effects read its colours.
  useLayoutEffect(() => {
    document.documentElement.dataset['theme'] = theme;
    globalThis.localStorage?.setItem(THEME_KEY, theme);
  }, [theme]);

  const [page, arg] = route;
  const needsSession = page === 'orders' || page === 'wallet' || page === 'account';
  let content;
  if (needsSession && !session) content = <LoginPage />;
  else if (page === 'market' && arg) content = <MarketPage symbol={arg} theme={theme} />;
  else if (page === 'orders') content = <OrdersPage />;
  else if (page === 'wallet') content = <WalletPage />;
  else if (page === 'account') content = <AccountPage />;
  else if (page === 'login') content = <LoginPage />;
  else if (page === 'signup') content = <SignUpPage />;
  else content = <MarketsPage />;

  const current = (name: string) => (page === name ? 'page' : undefined);
  return (
    <>
      {/* The hash is the route here: following "#main" would leave the page for the markets list, so the link
          moves the focus itself (the href stays for what a link announces). */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="top-bar">
        <a className="brand" href="#/">
          Exchange
        </a>
        <nav aria-label="Main">
          <a href="#/" aria-current={page === undefined ? 'page' : undefined}>
            Markets
          </a>
          <a href={`#/market/${markets[0]?.symbol ?? 'BTCUSDT'}`} aria-current={current('market')}>
            Trade
          </a>
          {session && (
            <>
              <a href="#/orders" aria-current={current('orders')}>
                Orders
              </a>
              <a href="#/wallet" aria-current={current('wallet')}>
                Wallet
              </a>
              <a href="#/account" aria-current={current('account')}>
                Account
              </a>
            </>
          )}
        </nav>
        <div className="top-actions">
          <span
            className={`connection ${connection}`}
            role="status"
            aria-label={`Market data: ${CONNECTION_LABELS[connection]}`}
          >
            <span className="dot" aria-hidden="true" />
            {CONNECTION_LABELS[connection]}
          </span>
          {session && (
            <span
              className={`connection ${accountConnection}`}
              role="status"
              aria-label={`Account updates: ${CONNECTION_LABELS[accountConnection]}`}
              title={`Account updates: ${CONNECTION_LABELS[accountConnection]}`}
            >
              <span className="dot" aria-hidden="true" />
              <span className="visually-hidden">Account updates: {CONNECTION_LABELS[accountConnection]}</span>
            </span>
          )}
          <button
            type="button"
            onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          {session ? (
            <button type="button" onClick={() => void userStream.close().then(() => api.logout())}>
              Log out
            </button>
          ) : (
            <>
              <a href="#/login">Log in</a>
              <a href="#/signup" className="button primary">
                Sign up
              </a>
            </>
          )}
        </div>
      </header>
      <MaintenanceBanner />
      <main id="main" tabIndex={-1}>
        {content}
      </main>
    </>
  );
}
