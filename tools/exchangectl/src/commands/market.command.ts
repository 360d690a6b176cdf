import { randomUUID } from 'node:crypto';

import { type JetStreamManager } from 'nats';

import {
  STREAMS,
  cmdSubject,
  matchingDurableName,
  type MatchingCommandMessage,
  matchingCommandMessageSchema,
} from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';

import { type CliIo, EXIT, OperationError, UsageError } from '../io';
import { withNats } from '../nats-connection';
import { type GlobalOptions } from '../options';

/** The operator's verbs and the market status each sets. */
export const MARKET_ACTIONS = { halt: 'HALTED', resume: 'TRADING', 'cancel-only': 'CANCEL_ONLY' } as const;
export type MarketAction = keyof typeof MARKET_ACTIONS;

/** The status command for `market`, checked against the wire contract before anything is sent. */
export function marketStatusMessage(
  action: string,
  market: string,
  commandId: string = `admin-${randomUUID()}`,
  now: number = Date.now(),
): MatchingCommandMessage {
  if (!(action in MARKET_ACTIONS)) {
    throw new UsageError(
      `unknown market action ${JSON.stringify(action)}: expected one of ${Object.keys(MARKET_ACTIONS).join(', ')}`,
    );
  }
  const parsed = matchingCommandMessageSchema.safeParse({
    v: 1,
    market,
    commandId,
    command: { type: 'status', status: MARKET_ACTIONS[action as MarketAction], ts: now },
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `invalid ${issue?.path.join('.') || 'command'}: ${issue?.message ?? 'rejected by the contract'}`,
    );
  }
  return parsed.data;
}

/** JetStream's error code for a consumer that does not exist. */
const CONSUMER_NOT_FOUND = 10014;

/**
 * A market some matching shard writes has the writer's durable consumer on the CMD stream (matching creates it
 * when it first writes the market). Without it the command would wait on the subject for a writer that may
 * never come: most likely a mistyped or unknown market, so the CLI refuses unless `--force`.
 */
async function requireWriter(
  jsm: JetStreamManager,
  stream: string,
  market: string,
  subject: string,
): Promise<void> {
  const durable = matchingDurableName(market);
  try {
    await jsm.consumers.info(stream, durable);
  } catch (error) {
    if ((error as { api_error?: { err_code?: number } }).api_error?.err_code !== CONSUMER_NOT_FOUND)
      throw error;
    throw new OperationError(
      `unknown market ${market}: no matching writer reads ${subject} (no consumer ${durable} on stream ${stream}); ` +
        `check the market id and the shards' MATCHING_MARKETS, or pass --force to publish it anyway`,
    );
  }
}

/**
 * `market halt|resume|cancel-only <MARKET>`: publishes a status command to `cmd.<MARKET>` in the CMD stream
 * (under `--prefix`), with the command id as `Nats-Msg-Id` so that a repeat within the stream's duplicate
 * window is dropped by JetStream. `--command-id` repeats an earlier command on purpose.
 */
export async function marketCommand(
  positionals: string[],
  options: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const [action, market, ...rest] = positionals;
  if (!action || !market || rest.length > 0) {
    throw new UsageError('usage: market halt|resume|cancel-only <MARKET> [--command-id <id>]');
  }
  const message = marketStatusMessage(action, market, options.commandId);
  const names = new NatsNames(options.prefix);
  const subject = names.subject(cmdSubject(message.market));

  const ack = await withNats(options.natsUrl, options.timeoutMs, async (nc) => {
    let jsm: JetStreamManager;
    try {
      jsm = await nc.jetstreamManager({ timeout: options.timeoutMs });
      // The same declaration as the wallet and matching services make: idempotent.
      await new JetStreamAdmin(jsm, names).ensureStream(STREAMS.CMD);
    } catch (error) {
      throw new OperationError(
        `cannot make sure stream ${names.stream(STREAMS.CMD.name)} exists: ${(error as Error).message}`,
      );
    }
    if (!options.force) await requireWriter(jsm, names.stream(STREAMS.CMD.name), message.market, subject);
    return nc.jetstream().publish(subject, JSON.stringify(message), {
      msgID: message.commandId,
      expect: { streamName: names.stream(STREAMS.CMD.name) },
      timeout: options.timeoutMs,
    });
  });
  const result = { ...message, subject, stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
  if (options.json) {
    io.out(JSON.stringify(result, null, 2));
  } else if (ack.duplicate) {
    io.out(
      `duplicate: ${ack.stream} already holds command ${message.commandId} (seq ${ack.seq}); nothing new was published`,
    );
  } else {
    io.out(
      `${message.market}: ${message.command.type === 'status' ? message.command.status : ''} published to ${subject} ` +
        `(stream ${ack.stream}, seq ${ack.seq}, command ${message.commandId})`,
    );
  }
  return EXIT.ok;
}
