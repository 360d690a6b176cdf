import { Inject, Injectable } from '@nestjs/common';
import { type JetStreamClient, type KV } from 'nats';

import { JETSTREAM, NatsNames } from '@exchange/shared-data-access-nats';

/** One stored snapshot of a market, newest revision first when listed. */
export interface StoredSnapshot {
  revision: number;
  data: Uint8Array;
}

/** Name of the key-value bucket (without the run prefix). */
export const SNAPSHOT_BUCKET = 'matching_snapshots';

/**
 * Engine snapshots in a JetStream key-value bucket, one key per market, keeping the last `history`
 * revisions so that a corrupt one can fall back to an older one. A value must fit in the server's
 * max payload (1 MiB by default): the service gzips it.
 */
@Injectable()
export class SnapshotRepository {
  private bucket?: Promise<KV>;

  constructor(
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    private readonly names: NatsNames,
  ) {}

  /** Creates or binds the bucket; `history` (1–64) is how many revisions per market it keeps. */
  open(history: number): Promise<KV> {
    this.bucket ??= this.js.views.kv(this.bucketName(), { history });
    return this.bucket;
  }

  bucketName(): string {
    return `${this.names.prefix}${SNAPSHOT_BUCKET}`;
  }

  async save(market: string, data: Uint8Array): Promise<number> {
    const kv = await this.requireBucket();
    return kv.put(market, data);
  }

  /** Every kept revision of the market's snapshot, newest first. */
  async list(market: string): Promise<StoredSnapshot[]> {
    const kv = await this.requireBucket();
    const entries: StoredSnapshot[] = [];
    const history = await kv.history({ key: market });
    for await (const entry of history) {
      if (entry.operation === 'PUT') entries.push({ revision: entry.revision, data: entry.value });
    }
    return entries.sort((a, b) => b.revision - a.revision);
  }

  /** Removes the bucket and everything in it (test clean-up). */
  async destroy(): Promise<void> {
    const kv = await this.requireBucket();
    await kv.destroy();
    this.bucket = undefined;
  }

  private requireBucket(): Promise<KV> {
    if (!this.bucket) throw new Error('SnapshotRepository.open() first');
    return this.bucket;
  }
}
