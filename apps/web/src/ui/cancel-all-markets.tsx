import { useEffect, useRef, useState } from 'react';

/** What one market's cancel-all did: how many orders it cancelled, or the API's refusal in words. */
export type MarketCancelResult = { symbol: string; cancelled: number } | { symbol: string; error: string };

/**
 * Cancels every open order of the trader in every market. The API's cancel-all is per market
 * (`DELETE /api/v1/openOrders?symbol=`), so it is asked once per market that has open orders, one after the other;
 * a refusal for one market does not stop the others, and the result names each failing market with the API's
 * message. Asks for a confirmation first (the confirm button takes the focus, Escape backs out).
 */
export function CancelAllMarkets({
  symbols,
  openOrderCount,
  cancelAll,
  describeError,
  onDone,
}: {
  /** The markets that have open orders (each asked once, in this order). */
  symbols: readonly string[];
  openOrderCount: number;
  /** One market's cancel-all; answers the orders it cancelled. */
  cancelAll: (symbol: string) => Promise<readonly unknown[]>;
  describeError: (error: unknown) => string;
  onDone: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<MarketCancelResult[]>();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);

  // The confirmation replaces the button: the focus goes to the confirm button, and back to the button on Escape.
  const refocusOpen = useRef(false);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (refocusOpen.current) openRef.current?.focus();
    refocusOpen.current = false;
  }, [confirming]);

  async function run() {
    setRunning(true);
    const done: MarketCancelResult[] = [];
    for (const symbol of symbols) {
      try {
        const cancelled = await cancelAll(symbol);
        done.push({ symbol, cancelled: cancelled.length });
      } catch (error) {
        done.push({ symbol, error: describeError(error) });
      }
    }
    setResults(done);
    setRunning(false);
    setConfirming(false);
    onDone();
  }

  function back() {
    refocusOpen.current = true;
    setConfirming(false);
  }

  const cancelled = results?.reduce((sum, r) => sum + ('cancelled' in r ? r.cancelled : 0), 0) ?? 0;
  const failed = results?.filter((r): r is { symbol: string; error: string } => 'error' in r) ?? [];
  const marketWord = (n: number) => (n === 1 ? 'market' : 'markets');
  const orderWord = (n: number) => (n === 1 ? 'order' : 'orders');

  if (symbols.length === 0 && !confirming && !results) return null;
  return (
    <div className="stack start">
      {symbols.length > 0 && !confirming && (
        <button
          ref={openRef}
          type="button"
          aria-label="Cancel all open orders in every market"
          onClick={() => {
            setResults(undefined);
            setConfirming(true);
          }}
        >
          Cancel all
        </button>
      )}
      {confirming && (
        <div
          role="group"
          aria-label="Confirm cancel all"
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !running) back();
          }}
        >
          <p>
            Cancel {openOrderCount} open {orderWord(openOrderCount)} in {symbols.length}{' '}
            {marketWord(symbols.length)} ({symbols.join(', ')})?
          </p>
          <button ref={confirmRef} type="button" disabled={running} onClick={() => void run()}>
            Confirm cancel all
          </button>{' '}
          <button type="button" disabled={running} onClick={back}>
            Keep orders
          </button>
        </div>
      )}
      {results && (
        <p role="status">
          Cancelled {cancelled} {orderWord(cancelled)} in {results.length - failed.length} of {results.length}{' '}
          {marketWord(results.length)}.
        </p>
      )}
      {failed.length > 0 && (
        <div role="alert">
          <p>
            Not cancelled in {failed.length} {marketWord(failed.length)}:
          </p>
          <ul>
            {failed.map((f) => (
              <li key={f.symbol}>
                {f.symbol}: {f.error}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
