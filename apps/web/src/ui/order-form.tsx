import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';

import { formatAmount } from '../lib/decimal';
import { priceDigits } from '../lib/format';
import { type MarketRules } from '../lib/market-rules';
import {
  checkOrder,
  isStopKind,
  needsPrice,
  type OrderContext,
  type OrderDraft,
  type OrderKind,
  type OrderSide,
  triggersOnRise,
} from '../lib/order-validation';

const KIND_LABELS: Record<OrderKind, string> = {
  LIMIT: 'Limit',
  MARKET: 'Market',
  STOP_LOSS_LIMIT: 'Stop-limit',
  TAKE_PROFIT_LIMIT: 'Take-profit-limit',
  LIMIT_MAKER: 'Post-only',
  IOC: 'IOC',
};

/** The order kinds the market's `orderTypes` allow (IOC is a LIMIT with `timeInForce=IOC`). */
export function availableKinds(rules: MarketRules): OrderKind[] {
  return (Object.keys(KIND_LABELS) as OrderKind[]).filter((kind) =>
    rules.orderTypes.includes(kind === 'IOC' ? 'LIMIT' : kind),
  );
}

export interface OrderFormProps {
  rules: MarketRules;
  context: OrderContext;
  /** A price picked in the book; `nonce` changes with every pick so picking the same price again re-applies it. */
  pickedPrice?: { price: string; nonce: number };
  signedIn: boolean;
  onSubmit(draft: OrderDraft): Promise<string>;
}

const EMPTY: Omit<OrderDraft, 'side' | 'kind'> = {
  price: '',
  stopPrice: '',
  quantity: '',
  quoteAmount: '',
  marketBy: 'base',
};

/**
 * Order entry: validates as the trader types against the market filters and the free balance, then asks for a
 * confirmation that shows the cost and the highest fee before anything is sent.
 */
export function OrderForm({ rules, context, pickedPrice, signedIn, onSubmit }: OrderFormProps) {
  const id = useId();
  const [side, setSide] = useState<OrderSide>('BUY');
  const [kind, setKind] = useState<OrderKind>('LIMIT');
  const [fields, setFields] = useState(EMPTY);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string }>();
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (pickedPrice) setFields((f) => ({ ...f, price: pickedPrice.price }));
  }, [pickedPrice]);

  const sideButtons = useRef<Record<'BUY' | 'SELL', HTMLButtonElement | null>>({ BUY: null, SELL: null });
  function switchSideByArrow(event: KeyboardEvent) {
    if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(event.key)) return;
    event.preventDefault();
    const next = side === 'BUY' ? 'SELL' : 'BUY';
    setSide(next);
    setConfirming(false);
    sideButtons.current[next]?.focus();
  }

  const draft: OrderDraft = { side, kind, ...fields };
  const check = checkOrder(draft, rules, context);
  const set = (name: 'price' | 'stopPrice' | 'quantity' | 'quoteAmount') => (value: string) => {
    setFields((f) => ({ ...f, [name]: value }));
    setTouched((t) => ({ ...t, [name]: true }));
    setConfirming(false);
  };
  const showError = (field: keyof typeof check.errors) =>
    touched[field] || confirming ? check.errors[field] : undefined;

  function review(event: FormEvent) {
    event.preventDefault();
    setTouched({ price: true, stopPrice: true, quantity: true, quoteAmount: true });
    setStatus(undefined);
    if (check.ok) setConfirming(true);
  }

  async function send() {
    setSending(true);
    try {
      const text = await onSubmit(draft);
      setStatus({ tone: 'ok', text });
      setFields((f) => ({ ...f, quantity: '', quoteAmount: '' }));
      setTouched({});
    } catch (error) {
      setStatus({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setSending(false);
      setConfirming(false);
    }
  }

  const byQuote = kind === 'MARKET' && fields.marketBy === 'quote';
  const input = (name: 'price' | 'stopPrice' | 'quantity' | 'quoteAmount', label: string, unit: string) => {
    const error = showError(name);
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>
          {label} <span className="muted">({unit})</span>
        </label>
        <input
          id={`${id}-${name}`}
          name={name}
          inputMode="decimal"
          autoComplete="off"
          value={fields[name]}
          onChange={(e) => set(name)(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-${name}-error` : undefined}
        />
        {error && (
          <p id={`${id}-${name}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <section className="panel order-form" aria-labelledby={`${id}-title`}>
      <header className="panel-header">
        <h2 id={`${id}-title`}>Place order</h2>
      </header>
      <form onSubmit={review} noValidate>
        {/* A radio group the ARIA way: one Tab stop (the chosen side), arrow keys switch the side. */}
        <div role="radiogroup" aria-label="Side" className="segmented sides" onKeyDown={switchSideByArrow}>
          {(['BUY', 'SELL'] as const).map((s) => (
            <button
              key={s}
              ref={(element) => {
                sideButtons.current[s] = element;
              }}
              type="button"
              role="radio"
              aria-checked={side === s}
              tabIndex={side === s ? 0 : -1}
              className={s === 'BUY' ? 'buy' : 'sell'}
              onClick={() => (setSide(s), setConfirming(false))}
            >
              {s === 'BUY' ? 'Buy' : 'Sell'}
            </button>
          ))}
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Order type</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => (setKind(e.target.value as OrderKind), setConfirming(false))}
          >
            {availableKinds(rules).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        {isStopKind(kind) && input('stopPrice', 'Stop price', rules.quoteAsset)}
        {needsPrice(kind) && input('price', isStopKind(kind) ? 'Limit price' : 'Price', rules.quoteAsset)}
        {isStopKind(kind) && context.lastPrice && (
          <p className="muted">
            Last price {formatAmount(context.lastPrice, priceDigits(rules))} {rules.quoteAsset}; triggers when
            it {triggersOnRise(kind, side) ? 'rises' : 'falls'} to the stop price.
          </p>
        )}
        {kind === 'MARKET' && (
          <div className="field">
            <label htmlFor={`${id}-by`}>Amount in</label>
            <select
              id={`${id}-by`}
              value={fields.marketBy}
              onChange={(e) => (
                setFields((f) => ({ ...f, marketBy: e.target.value as 'base' | 'quote' })),
                setConfirming(false)
              )}
            >
              <option value="base">{rules.baseAsset}</option>
              <option value="quote">{rules.quoteAsset}</option>
            </select>
          </div>
        )}
        {byQuote
          ? input('quoteAmount', 'Total', rules.quoteAsset)
          : input('quantity', 'Amount', rules.baseAsset)}
        <dl className="order-summary">
          <dt>Available</dt>
          <dd>
            {formatAmount(
              context.available[side === 'BUY' ? rules.quoteAsset : rules.baseAsset] ?? '0',
              side === 'BUY' ? rules.quoteDecimals : rules.baseDecimals,
            )}{' '}
            {side === 'BUY' ? rules.quoteAsset : rules.baseAsset}
          </dd>
          <dt>{kind === 'MARKET' && !byQuote ? 'Total (estimate)' : 'Total'}</dt>
          <dd>{check.notional ? `${check.notional} ${rules.quoteAsset}` : '—'}</dd>
          <dt>Fee (at most)</dt>
          <dd>{check.fee ? `${check.fee} ${rules.quoteAsset}` : '—'}</dd>
        </dl>
        {(touched.quantity || touched.quoteAmount || confirming) && check.errors.balance && (
          <p className="field-error" role="alert">
            {check.errors.balance}
          </p>
        )}
        {!signedIn ? (
          <p className="muted">
            <a href="#/login">Log in</a> or <a href="#/signup">sign up</a> to trade.
          </p>
        ) : confirming ? (
          <div className="confirm" role="group" aria-label="Confirm order">
            <p>
              {isStopKind(kind) &&
                `When the last price ${triggersOnRise(kind, side) ? 'rises' : 'falls'} to ${fields.stopPrice} (trigger): `}
              {side === 'BUY' ? 'Buy' : 'Sell'}{' '}
              {byQuote
                ? `for ${fields.quoteAmount} ${rules.quoteAsset}`
                : `${fields.quantity} ${rules.baseAsset}`}
              {needsPrice(kind) ? ` at ${isStopKind(kind) ? 'limit ' : ''}${fields.price}` : ' at market'}.{' '}
              {check.spend && `This uses up to ${check.spend.amount} ${check.spend.asset}`}
              {check.fee && `, fee at most ${check.fee} ${rules.quoteAsset}`}.
            </p>
            <button
              type="button"
              className={side === 'BUY' ? 'primary buy' : 'primary sell'}
              onClick={() => void send()}
              disabled={sending}
            >
              Confirm {side === 'BUY' ? 'buy' : 'sell'}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Back
            </button>
          </div>
        ) : (
          <button type="submit" className={side === 'BUY' ? 'primary buy' : 'primary sell'}>
            {side === 'BUY' ? 'Buy' : 'Sell'} {rules.baseAsset}
          </button>
        )}
        {status && (
          <p role="status" className={status.tone === 'ok' ? 'ok' : 'field-error'}>
            {status.text}
          </p>
        )}
      </form>
    </section>
  );
}
