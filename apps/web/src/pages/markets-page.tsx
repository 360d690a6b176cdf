import { useEffect, useState } from 'react';

import { fetchTickers, fetchWindowChanges, type Ticker } from '../api/market-api';
import { useApp } from '../app-context';
import { formatAmount } from '../lib/decimal';
import { formatPercent, formatVolume, priceDigits } from '../lib/format';
import { href } from '../router';

interface MiniTickerEvent {
  s: string;
  c: string;
  o: string;
  h: string;
  l: string;
  v: string;
  q: string;
}

/**
 * Every market with last price, 1 h and 24 h change and volume: the REST tickers, then `@ticker` and `@ticker_1h`
 * (the rolling hour) events per market.
 */
export function MarketsPage() {
  const { markets, marketsError, stream } = useApp();
  const [tickers, setTickers] = useState<Record<string, Ticker>>({});
  /** The last hour's price change in percent, by symbol. */
  const [hourChanges, setHourChanges] = useState<Record<string, string>>({});

  useEffect(() => {
    if (markets.length === 0) return;
    let active = true;
    const load = () =>
      fetchWindowChanges(
        markets.map((m) => m.symbol),
        '1h',
      ).then(
        (list) =>
          active &&
          setHourChanges((all) => ({
            ...all,
            ...Object.fromEntries(list.map((t) => [t.symbol, t.priceChangePercent])),
          })),
        () => undefined,
      );
    const unsubscribes = markets.map((m) =>
      stream.subscribe(`${m.symbol.toLowerCase()}@ticker_1h`, {
        onLive: () => void load(),
        onEvent: (event) => {
          const e = event as { s: string; P: string };
          setHourChanges((all) => ({ ...all, [e.s]: e.P }));
        },
      }),
    );
    void load();
    return () => {
      active = false;
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }, [stream, markets]);

  useEffect(() => {
    let active = true;
    const load = () =>
      fetchTickers().then(
        (list) => active && setTickers(Object.fromEntries(list.map((t) => [t.symbol, t]))),
        () => undefined,
      );
    const unsubscribes = markets.map((m) =>
      stream.subscribe(`${m.symbol.toLowerCase()}@ticker`, {
        onLive: () => void load(),
        onEvent: (event) => {
          const e = event as MiniTickerEvent & { P?: string };
          setTickers((all) => ({
            ...all,
            [e.s]: {
              symbol: e.s,
              lastPrice: e.c,
              openPrice: e.o,
              highPrice: e.h,
              lowPrice: e.l,
              volume: e.v,
              quoteVolume: e.q,
              priceChangePercent: e.P ?? all[e.s]?.priceChangePercent ?? '0',
            },
          }));
        },
      }),
    );
    void load();
    return () => {
      active = false;
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }, [stream, markets]);

  return (
    <section className="panel" aria-labelledby="markets-title">
      <header className="panel-header">
        <h1 id="markets-title">Markets</h1>
      </header>
      {marketsError && <p role="alert">{marketsError}</p>}
      <table className="markets" aria-labelledby="markets-title">
        <thead>
          <tr>
            <th scope="col">Market</th>
            <th scope="col" className="num">
              Last price
            </th>
            <th scope="col" className="num hide-narrow">
              1h change
            </th>
            <th scope="col" className="num">
              24h change
            </th>
            <th scope="col" className="num hide-narrow">
              24h volume
            </th>
          </tr>
        </thead>
        <tbody>
          {markets.map((m) => {
            const t = tickers[m.symbol];
            const change = t?.priceChangePercent ?? '0';
            const hour = hourChanges[m.symbol];
            return (
              <tr key={m.symbol}>
                <th scope="row">
                  <a href={href('market', m.symbol)}>
                    {m.baseAsset}/{m.quoteAsset}
                  </a>
                  {m.status !== 'TRADING' && <span className="badge">{m.status}</span>}
                </th>
                <td className="num">{t ? formatAmount(t.lastPrice, priceDigits(m)) : '—'}</td>
                <td className={`num hide-narrow ${hour?.startsWith('-') ? 'sell' : 'buy'}`}>
                  {hour !== undefined ? formatPercent(hour) : '—'}
                </td>
                <td className={`num ${change.startsWith('-') ? 'sell' : 'buy'}`}>
                  {t ? formatPercent(change) : '—'}
                </td>
                <td className="num hide-narrow">
                  {t ? (
                    <>
                      {formatVolume(t.volume, m.baseDecimals)} {m.baseAsset}
                      <span className="muted">
                        {' · '}
                        {formatVolume(t.quoteVolume, m.quoteDecimals)} {m.quoteAsset}
                      </span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
