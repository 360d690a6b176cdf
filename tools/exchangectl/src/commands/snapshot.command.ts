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
import { listLeaders } from '../kube/leases';
import { withNats } from '../nats-connection';
import { type GlobalOptions } from '../options';
import { formatTable } from '../table';

/** The shard asked when `--shard` is not given and no shard holds a lease: matching's own default `MATCHING_SHARD`. */
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

/** One shard's answer: its reply, or why none came (no leader, timeout). */
interface ShardAnswer {
  shard: string;
  subject: string;
  reply?: MatchingSnapshotReply;
  error?: OperationError;
}

/**
 * Without `--shard`: every shard that has a leader now (a live lease), or `main` when there is no lease bucket
 * (matching without leader election) or no lease. A shard whose leader is gone has no lease and is not asked.
 */
async function shardsToAsk(nc: NatsConnection, prefix: string): Promise<string[]> {
  try {
    const leaders = await listLeaders(nc, prefix);
    return leaders.length > 0 ? leaders.map((l) => l.shard) : [DEFAULT_SHARD];
  } catch (error) {
    if (error instanceof OperationError) return [DEFAULT_SHARD];
    throw error;
  }
}

/**
 * Asks each shard in parallel and keeps the answer that matters: the snapshot stored, else a refusal other than
 * "unknown market" (the market's own shard could not take it), else "unknown market" from every shard asked;
 * when some shard did not answer and none has the market, that shard may be the one: an error says so.
 */
async function askShards(
  nc: NatsConnection,
  shards: readonly string[],
  request: MatchingSnapshotRequest,
  options: GlobalOptions,
): Promise<{ subject: string; reply: MatchingSnapshotReply }> {
  const names = new NatsNames(options.prefix);
  const answers = await Promise.all(
    shards.map(async (shard): Promise<ShardAnswer> => {
      const subject = names.subject(matchingSnapshotSubject(shard));
      try {
        return {
          shard,
          subject,
          reply: await askForSnapshot(nc, subject, shard, request, options.timeoutMs),
        };
      } catch (error) {
        if (error instanceof OperationError) return { shard, subject, error };
        throw error;
      }
    }),
  );
  if (answers.length === 1 && answers[0]!.error) throw answers[0]!.error;
  const decisive =
    answers.find((a) => a.reply?.ok) ??
    answers.find((a) => a.reply && !a.reply.ok && a.reply.code !== MATCHING_OPS_ERRORS.UNKNOWN_MARKET);
  if (decisive) return { subject: decisive.subject, reply: decisive.reply! };
  if (answers.length === 1) return { subject: answers[0]!.subject, reply: answers[0]!.reply! };
  const writes = answers
    .filter((a) => a.reply && !a.reply.ok)
    .map((a) => `${a.shard} writes ${(!a.reply!.ok && a.reply!.markets?.join(', ')) || '?'}`);
  const silent = answers.filter((a) => a.error);
  if (silent.length > 0)
    throw new OperationError(
      `no leader answered for ${request.market}: ${silent.map((a) => a.error!.message).join('; ')}` +
        (writes.length > 0 ? ` (the shards that answered do not write it: ${writes.join('; ')})` : ''),
    );
  return {
    subject: answers.map((a) => a.subject).join(','),
    reply: {
      v: 1,
      ok: false,
      requestId: request.requestId,
      code: MATCHING_OPS_ERRORS.UNKNOWN_MARKET,
      msg: `no shard with a leader writes ${request.market} (${writes.join('; ')})`,
    },
  };
}

/**
 * `snapshot <MARKET> [--shard <name>]`: asks the leader of the shard (`matching.cmd.snapshot.v1.<shard>` under
 * `--prefix`; without `--shard`, every shard that has a leader, and the one writing the market answers) to
 * snapshot the market now, and prints where it was stored. Exit 0 when stored; 1 when no leader
 * answers or the leader refuses (unknown market, writer not running, bucket refused it); 2 on bad usage.
 */
export async function snapshotCommand(
  positionals: string[],
  options: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const [market, ...rest] = positionals;
  if (!market || rest.length > 0) throw new UsageError('usage: snapshot <MARKET> [--shard <name>]');
  if (options.shard !== undefined && !shardNameSchema.safeParse(options.shard).success)
    throw new UsageError(
      `--shard must be a shard name (lower-case letters, digits, -), got ${JSON.stringify(options.shard)}`,
    );
  const request = snapshotRequest(market);
  const { subject, reply } = await withNats(options.natsUrl, options.timeoutMs, async (nc) =>
    askShards(nc, options.shard ? [options.shard] : await shardsToAsk(nc, options.prefix), request, options),
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
