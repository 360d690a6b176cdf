import { z } from 'zod';

import { marketStatusSchema } from './matching-command.schema';

/**
 * Operator requests to the matching service over core NATS, shaped `matching.<cmd|query>.<name>.v<N>`. Unlike
 * the status query (queue group `matching`, any pod answers), these go to one shard's subject and only the pod
 * that currently writes the shard (its lease holder) subscribes: a standby or another shard never answers, and
 * nobody answering means the shard has no leader.
 */
export const MATCHING_SUBJECTS = {
  cmd: {
    /** Prefix of `matching.cmd.snapshot.v1.<shard>`: take a snapshot of one market of the shard now. */
    snapshot: 'matching.cmd.snapshot.v1',
  },
} as const;

/** A shard's name, as `MATCHING_SHARD` takes it (a subject token and a Kubernetes label value). */
export const shardNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'expected lower-case letters, digits and -' });

/** Where the leader of `shard` listens for snapshot requests (core NATS; the caller adds the run prefix). */
export function matchingSnapshotSubject(shard: string): string {
  const parsed = shardNameSchema.safeParse(shard);
  if (!parsed.success) throw new Error(`not a shard name: ${JSON.stringify(shard)} (expected e.g. main)`);
  return `${MATCHING_SUBJECTS.cmd.snapshot}.${parsed.data}`;
}

/** Error codes of the matching service's operator replies (`{ ok: false, code, msg }`). Never renumber one. */
export const MATCHING_OPS_ERRORS = {
  /** The request is not JSON or not `matchingSnapshotRequestSchema`. */
  VALIDATION_FAILED: 3901,
  /** The shard does not write this market (`markets` in the reply lists the ones it does). */
  UNKNOWN_MARKET: 3902,
  /** The market's writer is not running (fenced, failed, recovering, stopping): no consistent book to store. */
  MARKET_NOT_WRITING: 3903,
  /** The snapshot was taken but the bucket refused it (e.g. larger than the server's max payload). */
  SNAPSHOT_NOT_STORED: 3904,
} as const;

const n = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Request on `matching.cmd.snapshot.v1.<shard>`. */
export const matchingSnapshotRequestSchema = z
  .object({
    v: z.literal(1),
    market: z
      .string()
      .regex(/^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/, { message: 'expected a market id like BTC-USDT' }),
    /** The caller's id for the request, echoed in the reply and the service's log line. */
    requestId: z.string().min(1).max(64),
  })
  .strict();

/** What was stored: the snapshot's position in the streams, its hash, its size, and where it lives. */
export const matchingSnapshotTakenSchema = z.object({
  market: z.string(),
  shard: z.string(),
  /** `MATCHING_INSTANCE_ID` of the pod that took it (the pod name on Kubernetes). */
  holder: z.string(),
  /** CMD stream sequence of the last command the snapshot reflects. */
  commandSeq: n,
  /** The book's last event sequence (every event up to it is stored in EVT). */
  eventSeq: n,
  stateHash: z.string().regex(/^[0-9a-f]{16}$/),
  /** The market's trading status at that point (a HALTED market can be snapshotted). */
  marketStatus: marketStatusSchema,
  /** Gzipped size stored. */
  bytes: n,
  /** JetStream key-value bucket, key and revision of the stored value. */
  bucket: z.string(),
  key: z.string(),
  revision: n,
  /** Wall clock of the pod when stored, ms since the epoch. */
  storedAt: n,
});

/** Reply on the request's inbox: the snapshot, or why not. */
export const matchingSnapshotReplySchema = z.discriminatedUnion('ok', [
  z.object({
    v: z.literal(1),
    ok: z.literal(true),
    requestId: z.string(),
    snapshot: matchingSnapshotTakenSchema,
  }),
  z.object({
    v: z.literal(1),
    ok: z.literal(false),
    requestId: z.string().optional(),
    code: z.number().int(),
    msg: z.string(),
    shard: z.string().optional(),
    /** UNKNOWN_MARKET: the markets the shard writes. */
    markets: z.array(z.string()).optional(),
    /** MARKET_NOT_WRITING: the writer's state. */
    state: z.string().optional(),
  }),
]);

export type MatchingSnapshotRequest = z.infer<typeof matchingSnapshotRequestSchema>;
export type MatchingSnapshotTaken = z.infer<typeof matchingSnapshotTakenSchema>;
export type MatchingSnapshotReply = z.infer<typeof matchingSnapshotReplySchema>;
