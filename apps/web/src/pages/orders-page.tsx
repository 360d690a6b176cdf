import { useState } from 'react';

import { useApp } from '../app-context';
import { applyToFills, applyToOrderHistory } from '../lib/account-events';
import { formatAmount } from '../lib/decimal';
import { formatDateTime, formatExact, isMarketPriced, priceDigits, quantityDigits } from '../lib/format';
import { useAccountData } from '../lib/use-account-data';
import { OpenOrdersTable } from '../ui/open-orders-table';
import { TableHeader } from '../ui/table-header';

/** Open orders of every market, and the order history and fills of a chosen market, live from the user stream. */
export function OrdersPage() {
  const { api, markets, accountVersion } = useApp();
  const [picked, setPicked] = useState<string>();
  const symbol = picked ?? markets[0]?.symbol;
  const rules = markets.find((m) => m.symbol === symbol);
  const history = useAccountData(
    () => (symbol ? api.allOrders(symbol) : Promise.resolve([])),
    (orders, event) => (symbol ? applyToOrderHistory(orders, event, symbol) : orders),
    [api, symbol, accountVersion],
  );
  const fills = useAccountData(
    () => (symbol ? api.myTrades(symbol) : Promise.resolve([])),
    (list, event) => (symbol ? applyToFills(list, event, symbol) : list),
    [api, symbol, accountVersion],
  );
  const baseDigits = rules ? quantityDigits(rules) : 8;
  const quoteDigits = rules?.quoteDecimals ?? 8;
  const price = (text: string) => (rules ? formatAmount(text, priceDigits(rules)) : text);
  const marketName = rules ? `${rules.baseAsset}/${rules.quoteAsset}` : 'this market';

  return (
    <div className="stack">
      <h1>Orders</h1>
      <OpenOrdersTable />
      <label className="inline-field">
        Market
        <select value={symbol ?? ''} onChange={(e) => setPicked(e.target.value)}>
          {markets.map((m) => (
            <option key={m.symbol} value={m.symbol}>
              {m.baseAsset}/{m.quoteAsset}
            </option>
          ))}
        </select>
      </label>
      <section className="panel" aria-labelledby="history-title">
        <header className="panel-header">
          <h2 id="history-title">Order history</h2>
        </header>
        {history.error && <p role="alert">{history.error}</p>}
        <div className="table-scroll">
          <table aria-label="Order history">
            <TableHeader
              columns={[
                'Time',
                'Side',
                'Type',
                { label: 'Price', numeric: true },
                { label: 'Stop', numeric: true },
                { label: 'Amount', numeric: true },
                { label: 'Filled', numeric: true },
                'Status',
              ]}
            />
            <tbody>
              {[...(history.data ?? [])].reverse().map((o) => (
                <tr key={o.orderId}>
                  <td>{formatDateTime(o.time)}</td>
                  <td className={o.side === 'BUY' ? 'buy' : 'sell'}>{o.side}</td>
                  <td>{o.type}</td>
                  <td className="num">{isMarketPriced(o.type) ? 'Market' : price(o.price)}</td>
                  <td className="num">
                    {o.stopPrice !== undefined && /[1-9]/.test(o.stopPrice) ? price(o.stopPrice) : '—'}
                  </td>
                  <td className="num">{formatAmount(o.origQty, baseDigits)}</td>
                  <td className="num">{formatAmount(o.executedQty, baseDigits)}</td>
                  <td>{o.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {history.data?.length === 0 && <p className="muted">No orders in {marketName} yet.</p>}
      </section>
      <section className="panel" aria-labelledby="fills-title">
        <header className="panel-header">
          <h2 id="fills-title">Fills</h2>
        </header>
        {fills.error && <p role="alert">{fills.error}</p>}
        <div className="table-scroll">
          <table aria-label="Fills">
            <TableHeader
              columns={[
                'Time',
                'Side',
                { label: 'Price', numeric: true },
                { label: 'Amount', numeric: true },
                { label: 'Total', numeric: true },
                { label: 'Fee', numeric: true },
                'Role',
              ]}
            />
            <tbody>
              {[...(fills.data ?? [])].reverse().map((f) => (
                <tr key={`${f.id}-${f.orderId}`}>
                  <td>{formatDateTime(f.time)}</td>
                  <td className={f.isBuyer ? 'buy' : 'sell'}>{f.isBuyer ? 'BUY' : 'SELL'}</td>
                  <td className="num">{price(f.price)}</td>
                  <td className="num">{formatAmount(f.qty, baseDigits)}</td>
                  <td className="num">{formatAmount(f.quoteQty, quoteDigits)}</td>
                  <td className="num">
                    {formatExact(f.commission)} {f.commissionAsset}
                  </td>
                  <td>{f.isMaker ? 'Maker' : 'Taker'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {fills.data?.length === 0 && <p className="muted">No fills in {marketName} yet.</p>}
      </section>
    </div>
  );
}
