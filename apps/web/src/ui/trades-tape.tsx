import { useEffect, useState } from 'react';

import { fetchTrades, type PublicTrade } from '../api/market-api';
import { useApp } from '../app-context';
import { formatAmount } from '../lib/decimal';
import { formatTime, priceDigits, quantityDigits } from '../lib/format';
import { type MarketRules } from '../lib/market-rules';
import { TableHeader } from './table-header';

const KEEP = 50;

interface TradeEvent {
  t: number;
  p: string;
  q: string;
  T: number;
  m: boolean;
}

/**
 * Recent trades, newest first: the REST list, then `@trade` events; a reconnect re-reads the list. `onLastPrice`
 * hears the last trade's price (what stop orders trigger on).
 */
export function TradesTape({
  rules,
  onLastPrice,
}: {
  rules: MarketRules;
  onLastPrice?: (price: string | undefined) => void;
}) {
  const { stream } = useApp();
  const [trades, setTrades] = useState<PublicTrade[]>([]);
  const last = trades[0]?.price;
  useEffect(() => onLastPrice?.(last), [onLastPrice, last]);

  useEffect(() => {
    let active = true;
    const load = () =>
      fetchTrades(rules.symbol, KEEP).then(
        (list) => active && setTrades([...list].reverse()),
        () => undefined,
      );
    const unsubscribe = stream.subscribe(`${rules.symbol.toLowerCase()}@trade`, {
      onLive: () => void load(),
      onEvent: (event) => {
        const e = event as TradeEvent;
        setTrades((list) =>
          list.some((t) => t.id === e.t)
            ? list
            : [{ id: e.t, price: e.p, qty: e.q, time: e.T, isBuyerMaker: e.m }, ...list].slice(0, KEEP),
        );
      },
    });
    void load();
    return () => {
      active = false;
      unsubscribe();
    };
  }, [stream, rules.symbol]);

  const pDigits = priceDigits(rules);
  const qDigits = quantityDigits(rules);
  return (
    <section className="panel trades" aria-labelledby="trades-title">
      <header className="panel-header">
        <h2 id="trades-title">Trades</h2>
      </header>
      <table>
        <TableHeader
          columns={['Price', { label: 'Amount', numeric: true }, { label: 'Time', numeric: true }]}
        />
        <tbody aria-label="Recent trades">
          {trades.map((t) => (
            <tr key={t.id}>
              <td className={t.isBuyerMaker ? 'sell' : 'buy'}>{formatAmount(t.price, pDigits)}</td>
              <td className="num">{formatAmount(t.qty, qDigits)}</td>
              <td className="num muted">{formatTime(t.time)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {trades.length === 0 && <p className="muted">No trades yet.</p>}
    </section>
  );
}
