import { useEffect, useRef, useState } from 'react';

import { fetchDepth } from '../api/market-api';
import { useApp } from '../app-context';
import { type MarketRules } from '../lib/market-rules';
import { compare, dec } from '../lib/decimal';
import { type Level, LocalOrderBook } from '../lib/order-book';
import { OrderBookView } from './order-book-view';

interface DepthEvent {
  U: number;
  u: number;
  b: Level[];
  a: Level[];
}

/** The live book: a REST snapshot, then `@depth` diffs; a gap or a reconnect fetches the snapshot again. */
export function OrderBookPanel({
  rules,
  onPickPrice,
  onBest,
}: {
  rules: MarketRules;
  onPickPrice(price: string): void;
  /** The best bid and ask whenever the book changes (market orders estimate their cost with them). */
  onBest?(best: { bid?: string; ask?: string }): void;
}) {
  const { stream } = useApp();
  const [levels, setLevels] = useState<{ bids: Level[]; asks: Level[] }>({ bids: [], asks: [] });
  const [step, setStep] = useState(rules.tickSize);
  const book = useRef(new LocalOrderBook());

  useEffect(() => {
    let active = true;
    const local = book.current;
    let buffered: DepthEvent[] = [];
    let loading = false;
    const resync = () => {
      if (loading) return;
      loading = true;
      local.reset();
      fetchDepth(rules.symbol)
        .then((snapshot) => {
          loading = false;
          if (!active) return;
          local.loadSnapshot(snapshot);
          const pending = buffered;
          buffered = [];
          for (const diff of pending) if (local.applyDiff(diff) === 'gap') return resync();
          setLevels(local.levels());
        })
        .catch(() => {
          loading = false;
          if (active) setTimeout(resync, 2000);
        });
    };
    const unsubscribe = stream.subscribe(`${rules.symbol.toLowerCase()}@depth@100ms`, {
      onLive: resync,
      onEvent: (event) => {
        const diff = event as DepthEvent;
        if (!local.synced) {
          buffered.push(diff);
          return;
        }
        const result = local.applyDiff(diff);
        if (result === 'gap') resync();
        else if (result === 'applied') setLevels(local.levels());
      },
    });
    resync();
    return () => {
      active = false;
      unsubscribe();
    };
  }, [stream, rules.symbol]);

  useEffect(() => {
    onBest?.({ bid: bestOf(levels.bids, 'bid'), ask: bestOf(levels.asks, 'ask') });
  }, [levels, onBest]);

  return (
    <OrderBookView
      rules={rules}
      bids={levels.bids}
      asks={levels.asks}
      step={step}
      onStepChange={setStep}
      onPickPrice={onPickPrice}
    />
  );
}

function bestOf(levels: readonly Level[], side: 'bid' | 'ask'): string | undefined {
  let best: string | undefined;
  for (const [price] of levels) {
    if (best === undefined) best = price;
    else {
      const order = compare(dec(price), dec(best));
      if ((side === 'bid' && order > 0) || (side === 'ask' && order < 0)) best = price;
    }
  }
  return best;
}
