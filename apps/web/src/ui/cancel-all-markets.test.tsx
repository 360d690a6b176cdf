import { createServer, type Server } from 'node:http';

import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { type AccountApi as AccountApiClass } from '../api/account-api';
import { type errorMessage as errorMessageFn } from '../api/http';
import { type SessionStore as SessionStoreClass } from '../api/session';
import { CancelAllMarkets } from './cancel-all-markets';

/**
 * A stand-in for the gateway's `DELETE /api/v1/openOrders` (a real HTTP server): BTCUSDT cancels two orders,
 * ETHUSDT one, SOLUSDT is refused with the API's own message. The app's real API client and error wording talk to it.
 */
let server: Server;
const deleted: { symbol: string | null; auth: string | undefined }[] = [];
let api: AccountApiClass;
let errorMessage: typeof errorMessageFn;

const CANCELLED: Record<string, number> = { BTCUSDT: 2, ETHUSDT: 1 };

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const symbol = url.searchParams.get('symbol');
    res.setHeader('Content-Type', 'application/json');
    if (req.method !== 'DELETE' || url.pathname !== '/api/v1/openOrders' || !symbol) {
      res.writeHead(404);
      res.end(JSON.stringify({ code: -1000, msg: 'unexpected request' }));
      return;
    }
    deleted.push({ symbol, auth: req.headers.authorization });
    const count = CANCELLED[symbol];
    if (count === undefined) {
      res.writeHead(503);
      res.end(JSON.stringify({ code: -1008, msg: `Matching for ${symbol} is halted.` }));
      return;
    }
    res.writeHead(200);
    res.end(
      JSON.stringify(
        Array.from({ length: count }, (_, i) => ({ symbol, orderId: i + 1, status: 'CANCELED' })),
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  (globalThis as { EXCHANGE_CONFIG?: unknown }).EXCHANGE_CONFIG = { apiBaseUrl: `http://127.0.0.1:${port}` };
  vi.resetModules();
  const { SessionStore } = (await import('../api/session')) as { SessionStore: typeof SessionStoreClass };
  const { AccountApi } = (await import('../api/account-api')) as { AccountApi: typeof AccountApiClass };
  ({ errorMessage } = await import('../api/http'));
  const session = new SessionStore(undefined);
  session.signIn({
    userId: 'u1',
    sessionId: 's1',
    accessToken: 'access-1',
    accessTokenExpiresAt: new Date(Date.now() + 900_000).toISOString(),
    refreshToken: 'refresh-1',
    refreshTokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  api = new AccountApi(session);
});

afterAll(async () => {
  delete (globalThis as { EXCHANGE_CONFIG?: unknown }).EXCHANGE_CONFIG;
  await new Promise((resolve) => server.close(resolve));
});

function setUp(symbols: string[], openOrderCount: number) {
  deleted.length = 0;
  const onDone = vi.fn();
  render(
    <CancelAllMarkets
      symbols={symbols}
      openOrderCount={openOrderCount}
      cancelAll={(symbol) => api.cancelAll(symbol)}
      describeError={errorMessage}
      onDone={onDone}
    />,
  );
  return { onDone, user: userEvent.setup() };
}

describe(CancelAllMarkets.name, () => {
  it('asks first, then cancels once per market and says how many were cancelled', async () => {
    const { user, onDone } = setUp(['BTCUSDT', 'ETHUSDT'], 3);
    await user.click(screen.getByRole('button', { name: 'Cancel all open orders in every market' }));
    expect(screen.getByRole('group', { name: 'Confirm cancel all' }).textContent).toContain(
      'Cancel 3 open orders in 2 markets (BTCUSDT, ETHUSDT)?',
    );
    expect(deleted).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Confirm cancel all' }));
    expect((await screen.findByRole('status')).textContent).toBe('Cancelled 3 orders in 2 of 2 markets.');
    expect(deleted).toEqual([
      { symbol: 'BTCUSDT', auth: 'Bearer access-1' },
      { symbol: 'ETHUSDT', auth: 'Bearer access-1' },
    ]);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it("goes on past a refused market and names it with the API's message", async () => {
    const { user } = setUp(['BTCUSDT', 'SOLUSDT', 'ETHUSDT'], 4);
    await user.click(screen.getByRole('button', { name: 'Cancel all open orders in every market' }));
    await user.click(screen.getByRole('button', { name: 'Confirm cancel all' }));
    expect((await screen.findByRole('status')).textContent).toBe('Cancelled 3 orders in 2 of 3 markets.');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Not cancelled in 1 market:');
    expect([...alert.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'SOLUSDT: Matching for SOLUSDT is halted.',
    ]);
    expect(deleted.map((d) => d.symbol)).toEqual(['BTCUSDT', 'SOLUSDT', 'ETHUSDT']);
  });

  it('works by keyboard: Enter opens the confirmation on its button, Escape backs out without cancelling', async () => {
    const { user, onDone } = setUp(['BTCUSDT'], 2);
    await user.tab();
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Cancel all open orders in every market' }),
    );
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Confirm cancel all' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: 'Confirm cancel all' })).toBeNull();
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Cancel all open orders in every market' }),
    );
    expect(deleted).toEqual([]);
    expect(onDone).not.toHaveBeenCalled();

    await user.keyboard('{Enter}');
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Cancelled 2 orders in 1 of 1 market.'),
    );
    expect(deleted.map((d) => d.symbol)).toEqual(['BTCUSDT']);
  });

  it('offers nothing when no market has open orders', () => {
    setUp([], 0);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
