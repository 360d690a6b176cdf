import { Fragment, useState } from 'react';

import { type Order } from '../api/account-api';
import { errorMessage } from '../api/http';
import { useApp } from '../app-context';
import { applyToOpenOrders } from '../lib/account-events';
import { formatAmount } from '../lib/decimal';
import { formatDateTime, isMarketPriced, priceDigits, quantityDigits } from '../lib/format';
import { describeEditFailure, editParams, isEditable } from '../lib/order-edit';
import { useAccountData } from '../lib/use-account-data';
import { CancelAllMarkets } from './cancel-all-markets';
import { OrderEditForm } from './order-edit-form';
import { TableHeader } from './table-header';

/**
 * The trader's open orders (of one market, or all), live from the user-data stream, with cancel and cancel-all (of the
 * market, or of every market when showing all), and an edit of a limit order's price and amount.
 */
export function OpenOrdersTable({ symbol }: { symbol?: string }) {
  const { api, accountVersion, accountChanged, markets } = useApp();
  const orders = useAccountData(
    () => api.openOrders(symbol),
    (list, event) => applyToOpenOrders(list, event, symbol),
    [api, symbol, accountVersion],
  );
  const [message, setMessage] = useState<string>();
  const [editing, setEditing] = useState<string>();
  const keyOf = (o: Order) => `${o.symbol}-${o.orderId}`;

  async function replace(o: Order, price: string, quantity: string) {
    setMessage(undefined);
    try {
      const done = await api.replaceOrder(o, editParams(o, price, quantity));
      setMessage(`Order ${o.orderId} replaced by order ${done.newOrderResponse.orderId}.`);
      setEditing(undefined);
    } catch (error) {
      setMessage(describeEditFailure(error, o.orderId));
    }
    accountChanged();
  }

  async function run(action: () => Promise<unknown>, done: string) {
    setMessage(undefined);
    try {
      await action();
      setMessage(done);
    } catch (error) {
      setMessage(errorMessage(error));
    }
    accountChanged();
  }

  const list = orders.data ?? [];
  const rulesOf = (o: Order) => markets.find((m) => m.symbol === o.symbol);
  const digits = (o: Order) => {
    const rules = rulesOf(o);
    return rules ? quantityDigits(rules) : 8;
  };
  const price = (o: Order, value = o.price) => {
    const rules = rulesOf(o);
    return rules ? formatAmount(value, priceDigits(rules)) : value;
  };
  // A stop order shows its stop price and whether it still waits for it (Binance's isWorking false) or works.
  const isStop = (o: Order) => o.stopPrice !== undefined && /[1-9]/.test(o.stopPrice);
  return (
    <section className="panel" aria-labelledby="open-orders-title">
      <header className="panel-header">
        <h2 id="open-orders-title">Open orders</h2>
        {symbol && list.length > 0 && (
          <button
            type="button"
            onClick={() => void run(() => api.cancelAll(symbol), 'All open orders cancelled.')}
          >
            Cancel all
          </button>
        )}
      </header>
      {!symbol && (
        <CancelAllMarkets
          symbols={[...new Set(list.map((o) => o.symbol))].sort()}
          openOrderCount={list.length}
          cancelAll={(market) => api.cancelAll(market)}
          describeError={errorMessage}
          onDone={accountChanged}
        />
      )}
      {orders.error && <p role="alert">{orders.error}</p>}
      {message && <p role="status">{message}</p>}
      {list.length === 0 ? (
        <p className="muted">No open orders.</p>
      ) : (
        <div className="table-scroll">
          <table aria-label="Open orders">
            <TableHeader
              columns={[
                'Time',
                'Market',
                'Side',
                'Type',
                { label: 'Price', numeric: true },
                { label: 'Stop', numeric: true },
                { label: 'Amount', numeric: true },
                { label: 'Filled', numeric: true },
                { label: 'Actions', visuallyHidden: true },
              ]}
            />
            <tbody>
              {list.map((o) => (
                <Fragment key={keyOf(o)}>
                  <tr>
                    <td>{formatDateTime(o.time)}</td>
                    <td>{o.symbol}</td>
                    <td className={o.side === 'BUY' ? 'buy' : 'sell'}>{o.side}</td>
                    <td>{o.type}</td>
                    <td className="num">{isMarketPriced(o.type) ? 'Market' : price(o)}</td>
                    <td className="num">
                      {isStop(o) ? (
                        <>
                          {price(o, o.stopPrice)}{' '}
                          <span className="muted">{o.isWorking === false ? 'waiting' : 'triggered'}</span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="num">{formatAmount(o.origQty, digits(o))}</td>
                    <td className="num">{formatAmount(o.executedQty, digits(o))}</td>
                    <td>
                      <div className="row-actions">
                        {isEditable(o) && (
                          <button
                            type="button"
                            aria-label={`Edit order ${o.orderId}`}
                            aria-expanded={editing === keyOf(o)}
                            onClick={() => setEditing(editing === keyOf(o) ? undefined : keyOf(o))}
                          >
                            Edit
                          </button>
                        )}
                        <button
                          type="button"
                          aria-label={`Cancel order ${o.orderId}`}
                          onClick={() =>
                            void run(
                              () => api.cancelOrder(o.symbol, o.orderId),
                              `Order ${o.orderId} cancelled.`,
                            )
                          }
                        >
                          Cancel
                        </button>
                      </div>
                    </td>
                  </tr>
                  {editing === keyOf(o) && (
                    <tr>
                      <td colSpan={9}>
                        <OrderEditForm
                          order={o}
                          onSave={(price, quantity) => replace(o, price, quantity)}
                          onDiscard={() => setEditing(undefined)}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
