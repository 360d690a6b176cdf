import { useMemo } from 'react';

import { formatAmount } from '../lib/decimal';
import { type MarketRules } from '../lib/market-rules';
import { groupLevels, groupingSteps, type Level } from '../lib/order-book';
import { fractionDigits } from '../lib/decimal';
import { quantityDigits } from '../lib/format';

export interface OrderBookViewProps {
  rules: MarketRules;
  bids: readonly Level[];
  asks: readonly Level[];
  step: string;
  onStepChange(step: string): void;
  /** A click (or Enter) on a level's price: the order form takes it. */
  onPickPrice(price: string): void;
  depth?: number;
}

/** Both sides of the book grouped by `step`, asks above bids, each row shaded by cumulative depth. */
export function OrderBookView({
  rules,
  bids,
  asks,
  step,
  onStepChange,
  onPickPrice,
  depth = 15,
}: OrderBookViewProps) {
  const grouped = useMemo(
    () => ({ bids: groupLevels(bids, step, 'bid', depth), asks: groupLevels(asks, step, 'ask', depth) }),
    [bids, asks, step, depth],
  );
  const digits = fractionDigits(step);
  const qtyDigits = quantityDigits(rules);
  const row = (side: 'bid' | 'ask') => (level: (typeof grouped.bids)[number]) => (
    <tr
      key={level.price}
      className={`book-row ${side}`}
      style={{ '--depth': `${level.depthPercent}%` } as React.CSSProperties}
    >
      <td>
        <button
          type="button"
          className="price-button"
          onClick={() => onPickPrice(level.price)}
          aria-label={`${side === 'bid' ? 'Bid' : 'Ask'} ${formatAmount(level.price, digits)}: use this price`}
        >
          {formatAmount(level.price, digits)}
        </button>
      </td>
      <td className="num">{formatAmount(level.quantity, qtyDigits)}</td>
      <td className="num">{formatAmount(level.cumulative, qtyDigits)}</td>
    </tr>
  );
  return (
    <section className="panel order-book" aria-labelledby="book-title">
      <header className="panel-header">
        <h2 id="book-title">Order book</h2>
        <label>
          Group
          <select value={step} onChange={(e) => onStepChange(e.target.value)} aria-label="Group prices by">
            {groupingSteps(rules.tickSize).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </header>
      <table className="book-table">
        <thead>
          <tr>
            <th scope="col">Price ({rules.quoteAsset})</th>
            <th scope="col" className="num">
              Amount ({rules.baseAsset})
            </th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody aria-label="Asks">{[...grouped.asks].reverse().map(row('ask'))}</tbody>
        <tbody aria-label="Bids">{grouped.bids.map(row('bid'))}</tbody>
      </table>
      {grouped.bids.length === 0 && grouped.asks.length === 0 && (
        <p className="muted">No orders in the book.</p>
      )}
    </section>
  );
}
