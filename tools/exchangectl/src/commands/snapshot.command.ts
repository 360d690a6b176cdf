import { randomUUID } from 'node:crypto';

import { type NatsConnection } from 'nats';

import {
  MATCHING_OPS_ERRORS,
  type MatchingSnapshotReply,
  type MatchingSnapshotRequest,
  matchingSnapshotReplySchema,
  matchingSnapshotRequestSchema,
  matchingSnapshotSubject,
  shardNameSchema,
} from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';

import { type CliIo, EXIT, OperationError, UsageError } from '../io';
import { withNats } from '../nats-connection';
import { type GlobalOptions } from '../options';
import { formatTable } from '../table';

/** The shard a market is looked for in when `--shard` is not given: matching's own default `MATCHING_SHARD`. */
export const DEFAULT_SHARD = 'main';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The request for `snapshot <MARKET>`, checked against the contract before anything is sent. */
export function snapshotRequest(market: string, requestId = `ctl-${randomUUID()}`): MatchingSnapshotRequest {
  const parsed = matchingSnapshotRequestSchema.safeParse({ v: 1, market, requestId });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `invalid ${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'rejected by the contract'}`,
    );
  }
  return parsed.data;
}

/**
 * Sends the request to the shard's leader and waits for its reply: the only pod that subscribes is the one
 * writing the shard, so no responders (or no reply within the timeout) means the shard has no leader.
 */
export async function askForSnapshot(
  nc: NatsConnection,
  subject: string,
  shard: string,
  request: MatchingSnapshotRequest,
  timeoutMs: number,
): Promise<MatchingSnapshotReply> {
  let data: Uint8Array;
  try {
    const reply = await nc.request(subject, encoder.encode(JSON.stringify(request)), { timeout: timeoutMs });
    data = reply.data;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '503')
      throw new OperationError(
        `no leader for shard ${shard}: nobody answers ${subject} (no matching pod leads shard ${shard} now; ` +
          `\`exchangectl cluster status\` shows the leases, --shard picks another shard)`,
      );
    if (code === 'TIMEOUT')
      throw new OperationError(
        `no leader for shard ${shard} answered ${subject} within ${timeoutMs} ms (a leader that is recovering, ` +
          `or a large book: try a longer --timeout)`,
      );
    throw new OperationError(`snapshot request to ${subject} failed: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(data));
  } catch {
    throw new OperationError(`the answer on ${subject} is not JSON: ${decoder.decode(data).slice(0, 80)}`);
  }
  const parsed = matchingSnapshotReplySchema.safeParse(json);
  if (!parsed.success)
    throw new OperationError(
      `the answer on ${subject} is off the contract: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  return parsed.data;
}

const REFUSALS: Record<number, string> = {
  [MATCHING_OPS_ERRORS.UNKNOWN_MARKET]: 'unknown market',
  [MATCHING_OPS_ERRORS.MARKET_NOT_WRITING]: 'market not writing',
  [MATCHING_OPS_ERRORS.SNAPSHOT_NOT_STORED]: 'snapshot not stored',
  [MATCHING_OPS_ERRORS.VALIDATION_FAILED]: 'request refused',
};

/**
 * `snapshot <MARKET> [--shard <name>]`: asks the leader of the shard (`matching.cmd.snapshot.v1.<shard>` under
 * `--prefix`) to snapshot the market now, and prints where it was stored. Exit 0 when stored; 1 when no leader
 * answers or the leader refuses (unknown market, writer not running, bucket refused it); 2 on bad usage.
 */
export async function snapshotCommand(
  positionals: string[],
  options: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const [market, ...rest] = positionals;
  if (!market || rest.length > 0) throw new UsageError('usage: snapshot <MARKET> [--shard <name>]');
  const shard = options.shard ?? DEFAULT_SHARD;
  if (!shardNameSchema.safeParse(shard).success)
    throw new UsageError(
      `--shard must be a shard name (lower-case letters, digits, -), got ${JSON.stringify(shard)}`,
    );
  const request = snapshotRequest(market);
  const subject = new NatsNames(options.prefix).subject(matchingSnapshotSubject(shard));
  const reply = await withNats(options.natsUrl, options.timeoutMs, (nc) =>
    askForSnapshot(nc, subject, shard, request, options.timeoutMs),
  );

  if (options.json) io.out(JSON.stringify({ subject, ...reply }, null, 2));
  if (!reply.ok) {
    const what = REFUSALS[reply.code] ?? 'refused';
    io.err(`exchangectl: ${what}: ${reply.msg} (code ${reply.code})`);
    return EXIT.failed;
  }
  if (!options.json) {
    const s = reply.snapshot;
    io.out(
      formatTable(
        [
          'MARKET',
          'SHARD',
          'LEADER',
          'COMMAND SEQ',
          'EVENT SEQ',
          'STATE HASH',
          'STATUS',
          'BYTES',
          'STORED AS',
        ],
        [
          [
            s.market,
            s.shard,
            s.holder,
            String(s.commandSeq),
            String(s.eventSeq),
            s.stateHash,
            s.marketStatus,
            String(s.bytes),
            `${s.bucket}/${s.key} rev ${s.revision}`,
          ],
        ],
      ),
    );
  }
  return EXIT.ok;
}
