import { type L2BookState } from './l2-book.model';

/** What is stored of one market's tracked orders: order id → its JSON tuple. */
export type StoredBookOrders = Map<string, string>;

/** The rows to write so that the stored orders become `orders`. */
export interface BookOrderDiff {
  upserts: [orderId: string, data: string][];
  removals: string[];
}

/** Compares the book's orders now with what is stored: changed or new orders, and orders gone. */
export function diffBookOrders(
  stored: ReadonlyMap<string, string>,
  orders: L2BookState['orders'],
): BookOrderDiff {
  const upserts: [string, string][] = [];
  const present = new Set<string>();
  for (const [id, ...fields] of orders) {
    present.add(id);
    const data = JSON.stringify(fields);
    if (stored.get(id) !== data) upserts.push([id, data]);
  }
  const removals = [...stored.keys()].filter((id) => !present.has(id));
  return { upserts, removals };
}

/**
 * The same diff as `diffBookOrders`, looking only at `touched` (every order added, changed or ended since `stored`
 * was right): the cost follows what the batches did, not the size of the book.
 */
export function diffTouchedOrders(
  stored: ReadonlyMap<string, string>,
  touched: Iterable<string>,
  order: (id: string) => L2BookState['orders'][number] | undefined,
): BookOrderDiff {
  const upserts: [string, string][] = [];
  const removals: string[] = [];
  for (const id of touched) {
    const now = order(id);
    if (now) {
      const data = JSON.stringify(now.slice(1));
      if (stored.get(id) !== data) upserts.push([id, data]);
    } else if (stored.has(id)) removals.push(id);
  }
  return { upserts, removals };
}

/** Records a diff as stored (after its transaction committed). */
export function applyBookOrderDiff(stored: StoredBookOrders, diff: BookOrderDiff): void {
  for (const id of diff.removals) stored.delete(id);
  for (const [id, data] of diff.upserts) stored.set(id, data);
}

/** The tracked orders of stored rows, as the book's state lists them. */
export function ordersOfRows(rows: Iterable<[string, string]>): L2BookState['orders'] {
  return [...rows].map(([id, data]) => [id, ...(JSON.parse(data) as DataTuple)]);
}

type DataTuple = L2BookState['orders'][number] extends [string, ...infer Rest] ? Rest : never;
