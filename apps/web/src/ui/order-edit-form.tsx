import { type FormEvent, useState } from 'react';

import { type Order } from '../api/account-api';
import { remainingQuantity } from '../lib/order-edit';

/**
 * The inline edit of one open limit order: a new price and amount (starting from its price and what is left to
 * fill). Saving replaces the order (Binance's cancelReplace); the table reports what happened.
 */
export function OrderEditForm({
  order,
  onSave,
  onDiscard,
}: {
  order: Order;
  onSave: (price: string, quantity: string) => Promise<void>;
  onDiscard: () => void;
}) {
  const [price, setPrice] = useState(order.price);
  const [quantity, setQuantity] = useState(remainingQuantity(order));
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await onSave(price, quantity);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="row-form" aria-label={`Edit order ${order.orderId}`} onSubmit={(e) => void save(e)}>
      <label>
        New price
        <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} required />
      </label>
      <label>
        New amount
        <input inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.target.value)} required />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Replacing…' : 'Replace order'}
      </button>
      <button type="button" onClick={onDiscard} disabled={busy}>
        Keep as is
      </button>
      <p className="muted">The order is cancelled and a new one placed; it loses its place in the queue.</p>
    </form>
  );
}
