import { Inject, Injectable } from '@nestjs/common';
import { type JetStreamClient, type KV } from 'nats';

import { MATCHING_LEASE_BUCKET, type MatchingLease } from '@exchange/shared-contracts';
import { JETSTREAM, NatsNames } from '@exchange/shared-data-access-nats';

/** Who holds a lease, as stored in its entry (`matchingLeaseSchema`). */
export type LeaseHolder = MatchingLease;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Shard leases in a JetStream key-value bucket whose entries expire `ttlMs` after their last write: a
 * holder keeps its lease by rewriting it (compare-and-set on the revision) well within the TTL, and a
 * holder that dies lets it lapse. Safety never rests on this: the event stream's fencing does.
 */
@Injectable()
export class LeaseRepository {
  private bucket?: Promise<KV>;

  constructor(
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    private readonly names: NatsNames,
  ) {}

  /** Creates or binds the bucket. Every pod of a deployment must pass the same TTL. */
  open(ttlMs: number): Promise<KV> {
    this.bucket ??= this.js.views.kv(this.bucketName(), { history: 1, ttl: ttlMs });
    return this.bucket;
  }

  bucketName(): string {
    return `${this.names.prefix}${MATCHING_LEASE_BUCKET}`;
  }

  /** Takes the lease when nobody holds it; its revision, or null when somebody does. */
  async acquire(key: string, holder: string): Promise<number | null> {
    const kv = await this.requireBucket();
    try {
      return await kv.create(key, this.encode(holder));
    } catch (error) {
      if (isWrongLastSequence(error)) return null;
      throw error;
    }
  }

  /** Rewrites the lease if it is still the revision given; the new revision, or null when it was lost. */
  async renew(key: string, holder: string, revision: number): Promise<number | null> {
    const kv = await this.requireBucket();
    try {
      return await kv.update(key, this.encode(holder), revision);
    } catch (error) {
      if (isWrongLastSequence(error)) return null;
      throw error;
    }
  }

  /** Gives the lease up at once (only if still the revision given), so that a standby need not wait. */
  async release(key: string, revision: number): Promise<void> {
    const kv = await this.requireBucket();
    try {
      await kv.delete(key, { previousSeq: revision });
    } catch (error) {
      if (!isWrongLastSequence(error)) throw error;
    }
  }

  /** The current holder, or null when the lease is free. */
  async holder(key: string): Promise<LeaseHolder | null> {
    const kv = await this.requireBucket();
    const entry = await kv.get(key);
    if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) return null;
    return JSON.parse(decoder.decode(entry.value)) as LeaseHolder;
  }

  /** Removes the bucket (test clean-up). */
  async destroy(): Promise<void> {
    const kv = await this.requireBucket();
    await kv.destroy();
    this.bucket = undefined;
  }

  private encode(holder: string): Uint8Array {
    const value: LeaseHolder = { holder, at: Date.now() };
    return encoder.encode(JSON.stringify(value));
  }

  private requireBucket(): Promise<KV> {
    if (!this.bucket) throw new Error('LeaseRepository.open() first');
    return this.bucket;
  }
}

/** JetStream's error code for a compare-and-set whose expected revision is not the key's last one. */
const WRONG_LAST_SEQUENCE = 10071;

function isWrongLastSequence(error: unknown): boolean {
  return (error as { api_error?: { err_code?: number } })?.api_error?.err_code === WRONG_LAST_SEQUENCE;
}
