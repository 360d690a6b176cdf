import {
  CandlestickSeries,
  type CandlestickData,
  ColorType,
  createChart,
  HistogramSeries,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';

import { fetchKlines, type Kline } from '../api/market-api';
import { useApp } from '../app-context';
import { formatAmount, fractionDigits } from '../lib/decimal';
import { type MarketRules } from '../lib/market-rules';

export const INTERVALS = ['1m', '5m', '15m', '1h', '4h', '1d'] as const;

interface KlineEvent {
  k: { t: number; o: string; h: string; l: string; c: string; v: string };
}

/** The newest candle as the API gives it (decimal strings), shown as text beside the canvas. */
interface LastCandle {
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

// The chart library draws with numbers; candles are display only, never used for money.
function toBars(openTime: number, o: string, h: string, l: string, c: string, v: string) {
  const time = (openTime / 1000) as UTCTimestamp;
  const candle: CandlestickData = {
    time,
    open: Number(o),
    high: Number(h),
    low: Number(l),
    close: Number(c),
  };
  const volume: HistogramData = {
    time,
    value: Number(v),
    color: Number(c) >= Number(o) ? 'rgba(38,166,154,0.5)' : 'rgba(239,83,80,0.5)',
  };
  return { candle, volume };
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Candles and volume for one interval: REST klines, then `@kline_<interval>` events update the last candle. */
export function CandleChart({ rules, theme }: { rules: MarketRules; theme: string }) {
  const { stream } = useApp();
  const [interval, setChartInterval] = useState<(typeof INTERVALS)[number]>('1m');
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<{
    api: IChartApi;
    candles: ISeriesApi<'Candlestick'>;
    volume: ISeriesApi<'Histogram'>;
  }>(undefined);
  const [empty, setEmpty] = useState(false);
  /** The canvas says nothing to a screen reader: the newest candle is also written out in the legend. */
  const [last, setLast] = useState<LastCandle>();
  /** Open time of the newest candle drawn: the chart refuses updates older than it. */
  const lastOpen = useRef(0);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const api = createChart(element, { autoSize: true, timeScale: { timeVisible: true } });
    const candles = api.addSeries(CandlestickSeries, {
      priceFormat: {
        type: 'price',
        minMove: Number(rules.tickSize),
        precision: fractionDigits(rules.tickSize),
      },
    });
    const volume = api.addSeries(HistogramSeries, {
      priceScaleId: '',
      priceFormat: {
        type: 'price',
        precision: fractionDigits(rules.stepSize),
        minMove: Number(rules.stepSize),
      },
    });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    chart.current = { api, candles, volume };
    return () => {
      chart.current = undefined;
      api.remove();
    };
  }, [rules.tickSize, rules.stepSize]);

  useEffect(() => {
    chart.current?.api.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: cssVar('--panel') },
        textColor: cssVar('--text'),
      },
      grid: { vertLines: { color: cssVar('--grid') }, horzLines: { color: cssVar('--grid') } },
    });
  }, [theme, rules.tickSize, rules.stepSize]);

  useEffect(() => {
    let active = true;
    const load = () =>
      fetchKlines(rules.symbol, interval).then(
        (klines: Kline[]) => {
          if (!active || !chart.current) return;
          const bars = klines.map(([t, o, h, l, c, v]) => toBars(t, o, h, l, c, v));
          chart.current.candles.setData(bars.map((b) => b.candle));
          const newest = klines.at(-1);
          lastOpen.current = newest?.[0] ?? 0;
          setLast(
            newest && {
              open: newest[1],
              high: newest[2],
              low: newest[3],
              close: newest[4],
              volume: newest[5],
            },
          );
          setEmpty(klines.length === 0);
          chart.current.volume.setData(bars.map((b) => b.volume));
        },
        () => undefined,
      );
    const unsubscribe = stream.subscribe(`${rules.symbol.toLowerCase()}@kline_${interval}`, {
      onLive: () => void load(),
      onEvent: (event) => {
        const { k } = event as KlineEvent;
        if (k.t < lastOpen.current) return;
        lastOpen.current = k.t;
        setEmpty(false);
        setLast({ open: k.o, high: k.h, low: k.l, close: k.c, volume: k.v });
        const bar = toBars(k.t, k.o, k.h, k.l, k.c, k.v);
        chart.current?.candles.update(bar.candle);
        chart.current?.volume.update(bar.volume);
      },
    });
    setLast(undefined);
    void load();
    return () => {
      active = false;
      unsubscribe();
    };
  }, [stream, rules.symbol, interval]);

  const price = (text: string) => formatAmount(text, fractionDigits(rules.tickSize));

  return (
    <section className="panel chart" aria-labelledby="chart-title">
      <header className="panel-header">
        <h2 id="chart-title">Chart</h2>
        <div role="group" aria-label="Candle interval" className="segmented">
          {INTERVALS.map((i) => (
            <button key={i} type="button" aria-pressed={i === interval} onClick={() => setChartInterval(i)}>
              {i}
            </button>
          ))}
        </div>
      </header>
      <div className="chart-area">
        <div
          ref={container}
          className="chart-canvas"
          role="img"
          aria-label={`${rules.symbol} ${interval} candles`}
        />
        {empty && <p className="chart-empty muted">No trades in this interval yet.</p>}
      </div>
      {last && (
        <dl className="chart-legend" role="group" aria-label={`Last ${interval} candle`}>
          {(
            [
              ['Open', price(last.open)],
              ['High', price(last.high)],
              ['Low', price(last.low)],
              ['Close', price(last.close)],
              ['Volume', formatAmount(last.volume, fractionDigits(rules.stepSize))],
            ] as const
          ).map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
