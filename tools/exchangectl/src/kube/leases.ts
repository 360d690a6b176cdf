import { type NatsConnection } from 'nats';

import { OperationError } from '../io';

/** The matching service's lease bucket (apps/matching/src/repositories/lease.repository.ts), without the run prefix. */
export const LEASE_BUCKET = 'matching_leases';

export interface ShardLeader {
  shard: string;
  /** The holder's MATCHING_INSTANCE_ID (the pod name on Kubernetes), or null when nobody holds the lease. */
  holder: string | null;
  /** When the holder last renewed (its own clock), ms since the epoch. */
  at?: number;
}

/** Reads each shard's lease from `<prefix>matching_leases` without creating the bucket. */
export async function readLeaders(
  nc: NatsConnection,
  prefix: string,
  shards: readonly string[],
): Promise<ShardLeader[]> {
  const bucket = `${prefix}${LEASE_BUCKET}`;
  // A KV bucket is the stream KV_<bucket>; binding alone would not notice that it is missing.
  try {
    await (await nc.jetstreamManager()).streams.info(`KV_${bucket}`);
  } catch (error) {
    throw new OperationError(
      `no lease bucket ${bucket} in NATS (${(error as Error).message}): is matching running with leader election under prefix ${JSON.stringify(prefix)}?`,
    );
  }
  const kv = await nc.jetstream().views.kv(bucket, { bindOnly: true });
  const leaders: ShardLeader[] = [];
  for (const shard of shards) {
    const entry = await kv.get(shard);
    if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) {
      leaders.push({ shard, holder: null });
      continue;
    }
    const value = JSON.parse(new TextDecoder().decode(entry.value)) as { holder?: string; at?: number };
    leaders.push({ shard, holder: value.holder ?? null, at: value.at });
  }
  return leaders;
}
