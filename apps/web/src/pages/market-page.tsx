import { useCallback, useMemo, useRef, useState } from 'react';

import { errorMessage } from '../api/http';
import { useApp, useMarket, useSession } from '../app-context';
import { applyToAccount } from '../lib/account-events';
import { describeOrderOutcome } from '../lib/order-outcome';
import { type OrderDraft, orderParams } from '../lib/order-validation';
import { useAccountData } from '../lib/use-account-data';
import { CandleChart } from '../ui/candle-chart';
import { OpenOrdersTable } from '../ui/open-orders-table';
import { OrderBookPanel } from '../ui/order-book-panel';
import { OrderForm } from '../ui/order-form';
import { TradesTape } from '../ui/trades-tape';

/** Chart, book, trades, order entry and the trader's open orders of one market. */
export function MarketPage({ symbol, theme }: { symbol: string; theme: string }) {
  const rules = useMarket(symbol);
  const { api, accountVersion, accountChanged, markets } = useApp();
  const session = useSession();
  const [picked, setPicked] = useState<{ price: string; nonce: number }>();
  const nonce = useRef(0);
  const account = useAccountData(
    () => (session ? api.account() : Promise.resolve(undefined)),
    (data, event) => data && applyToAccount(data, event),
    [api, session?.userId, accountVersion],
  );
  const [best, setBest] = useState<{ bid?: string; ask?: string }>({});
  const [lastPrice, setLastPrice] = useState<string>();

  const context = useMemo(
    () => ({
      available: Object.fromEntries((account.data?.balances ?? []).map((b) => [b.asset, b.free])),
      takerRate: account.data?.commissionRates?.taker ?? '0',
      referencePrices: { BUY: best.ask, SELL: best.bid },
      lastPrice,
    }),
    [account.data, best, lastPrice],
  );

  const pickPrice = useCallback((price: string) => setPicked({ price, nonce: ++nonce.current }), []);

  if (!rules) {
    return <p className="muted">{markets.length === 0 ? 'Loading markets…' : `Unknown market ${symbol}.`}</p>;
  }

  async function submit(draft: OrderDraft): Promise<string> {
    try {
      const order = await api.placeOrder(orderParams(draft, rules!.symbol));
      accountChanged();
      return describeOrderOutcome(order, rules!);
    } catch (error) {
      throw new Error(errorMessage(error));
    }
  }

  return (
    <div className="market-page">
      <h1 className="market-title">
        {rules.baseAsset}/{rules.quoteAsset}
        {rules.status !== 'TRADING' && <span className="badge">{rules.status}</span>}
      </h1>
      <div className="market-grid">
        <CandleChart rules={rules} theme={theme} />
        <OrderBookPanel rules={rules} onPickPrice={pickPrice} onBest={setBest} />
        <TradesTape rules={rules} onLastPrice={setLastPrice} />
        <OrderForm
          rules={rules}
          context={context}
          pickedPrice={picked}
          signedIn={!!session}
          onSubmit={submit}
        />
      </div>
      {session && <OpenOrdersTable symbol={rules.symbol} />}
    </div>
  );
}
