import { z } from 'zod';

import { shardNameSchema } from './matching-snapshot.schema';

/**
 * The matching shards' leases: a JetStream key-value bucket `<prefix>matching_leases` whose entries expire after
 * `MATCHING_LEASE_TTL_MS`, one key per shard. The matching service writes them (apps/matching/src/leadership);
 * operators' tools read them to name each shard's leader.
 */
export const MATCHING_LEASE_BUCKET = 'matching_leases';

/** The key of a shard's lease in the bucket: `shard-<shard>`. */
export function matchingLeaseKey(shard: string): string {
  return `shard-${shardNameSchema.parse(shard)}`;
}

/** The shard of a lease key, or null for a key that is not a shard's lease. */
export function shardOfLeaseKey(key: string): string | null {
  if (!key.startsWith('shard-')) return null;
  const shard = key.slice('shard-'.length);
  return shardNameSchema.safeParse(shard).success ? shard : null;
}

/** A lease's value: who holds it (`MATCHING_INSTANCE_ID`, the pod name on Kubernetes) and when it was written. */
export const matchingLeaseSchema = z.object({
  holder: z.string().min(1),
  /** Wall-clock ms of the holder's last write; expiry is the bucket's TTL, not this. */
  at: z.number().int().nonnegative(),
});

export type MatchingLease = z.infer<typeof matchingLeaseSchema>;
