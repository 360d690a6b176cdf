import { type KV, type NatsConnection } from 'nats';

import {
  MATCHING_LEASE_BUCKET,
  matchingLeaseKey,
  matchingLeaseSchema,
  shardOfLeaseKey,
} from '@exchange/shared-contracts';

import { OperationError } from '../io';

/** The matching service's lease bucket, without the run prefix (`libs/shared/contracts`, as matching writes it). */
export const LEASE_BUCKET = MATCHING_LEASE_BUCKET;

export interface ShardLeader {
  shard: string;
  /** The holder's MATCHING_INSTANCE_ID (the pod name on Kubernetes), or null when nobody holds the lease. */
  holder: string | null;
  /** When the holder last renewed (its own clock), ms since the epoch. */
  at?: number;
}

const decoder = new TextDecoder();

/** Binds `<prefix>matching_leases` without creating it; a missing bucket is an error that says what it means. */
async function leaseBucket(nc: NatsConnection, prefix: string): Promise<KV> {
  const bucket = `${prefix}${LEASE_BUCKET}`;
  // A KV bucket is the stream KV_<bucket>; binding alone would not notice that it is missing.
  try {
    await (await nc.jetstreamManager()).streams.info(`KV_${bucket}`);
  } catch (error) {
    throw new OperationError(
      `no lease bucket ${bucket} in NATS (${(error as Error).message}): is matching running with leader election under prefix ${JSON.stringify(prefix)}?`,
    );
  }
  return nc.jetstream().views.kv(bucket, { bindOnly: true });
}

async function leaderOf(kv: KV, shard: string): Promise<ShardLeader> {
  const entry = await kv.get(matchingLeaseKey(shard));
  if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) return { shard, holder: null };
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(entry.value));
  } catch {
    value = undefined;
  }
  const parsed = matchingLeaseSchema.safeParse(value);
  if (!parsed.success)
    throw new OperationError(
      `the lease of shard ${shard} is not a matching lease: ${decoder.decode(entry.value)}`,
    );
  return { shard, holder: parsed.data.holder, at: parsed.data.at };
}

/** Reads each shard's lease (key `shard-<shard>`) from `<prefix>matching_leases` without creating the bucket. */
export async function readLeaders(
  nc: NatsConnection,
  prefix: string,
  shards: readonly string[],
): Promise<ShardLeader[]> {
  const kv = await leaseBucket(nc, prefix);
  const leaders: ShardLeader[] = [];
  for (const shard of shards) leaders.push(await leaderOf(kv, shard));
  return leaders;
}

/** Every shard that has a leader now (a live lease in the bucket), by shard name. */
export async function listLeaders(nc: NatsConnection, prefix: string): Promise<ShardLeader[]> {
  const kv = await leaseBucket(nc, prefix);
  const shards: string[] = [];
  for await (const key of await kv.keys()) {
    const shard = shardOfLeaseKey(key);
    if (shard !== null) shards.push(shard);
  }
  const leaders: ShardLeader[] = [];
  for (const shard of shards.sort()) {
    const leader = await leaderOf(kv, shard);
    if (leader.holder !== null) leaders.push(leader);
  }
  return leaders;
}
