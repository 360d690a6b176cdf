import { gunzipSync, gzipSync } from 'node:zlib';

import { z } from 'zod';

import { type OrderBookSnapshot } from '@exchange/matching-domain';

/**
 * What a stored snapshot holds: the engine's state, the CMD stream sequence of the last command it reflects,
 * the sequence of the last event, and the state hash that `restore` must reproduce.
 */
export interface MarketSnapshot {
  format: 'matching-market-snapshot/1';
  market: string;
  /** CMD stream sequence of the last command applied. */
  commandSeq: number;
  /** The book's event sequence (`book.sequence`). */
  eventSeq: number;
  stateHash: string;
  book: OrderBookSnapshot;
}

const n = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const marketSnapshotSchema = z.object({
  format: z.literal('matching-market-snapshot/1'),
  market: z.string(),
  commandSeq: n,
  eventSeq: n,
  stateHash: z.string().regex(/^[0-9a-f]{16}$/),
  book: z.object({ format: z.literal('matching-book/1'), seq: n }).passthrough(),
});

export function encodeMarketSnapshot(snapshot: MarketSnapshot): Uint8Array {
  return gzipSync(JSON.stringify(snapshot));
}

/** Throws when the bytes are not a well-formed snapshot; the book itself is checked by restoring it. */
export function decodeMarketSnapshot(data: Uint8Array): MarketSnapshot {
  const parsed = marketSnapshotSchema.parse(JSON.parse(gunzipSync(data).toString('utf8')));
  return parsed as unknown as MarketSnapshot;
}
