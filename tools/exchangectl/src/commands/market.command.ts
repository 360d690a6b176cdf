import { randomUUID } from 'node:crypto';

import { type JetStreamManager } from 'nats';

import {
  STREAMS,
  cmdSubject,
  marketStatusReplySchema,
  matchingDurableName,
  type MatchingCommandMessage,
  matchingCommandMessageSchema,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';

import { type CliIo, EXIT, OperationError, UsageError } from '../io';
import { withNats } from '../nats-connection';
import { type GlobalOptions } from '../options';
import { askWallet } from './withdrawals.command';

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
 * `market halt|resume|cancel-only <MARKET>`: asks the wallet (`wallet.cmd.market-status.v1`, under `--prefix`) to
 * set the market's status. The wallet owns the market table: it changes the row that intake and `exchangeInfo`
 * read, records who (`--operator`, default `$USER`) and why (`--reason`), and queues the engine's `status`
 * command on `cmd.<MARKET>` behind the orders it already accepted, with the command id as `Nats-Msg-Id`.
 * `--command-id` repeats an earlier command on purpose: the wallet answers it as a duplicate and changes nothing.
 * No wallet answering, or a refusal (unknown market 2903), is exit 1.
 *
 * `--engine-only` is the recovery path of old: the command is published straight to the CMD stream and the
 * wallet's table is not touched (e.g. to stop the book while the wallet is down); run the same verb without it
 * once the wallet is back, so that intake and `exchangeInfo` agree with the engine again.
 */
export async function marketCommand(
  positionals: string[],
  options: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const [action, market, ...rest] = positionals;
  if (!action || !market || rest.length > 0) {
    throw new UsageError(
      'usage: market halt|resume|cancel-only <MARKET> [--command-id <id>] [--reason <text>] [--operator <name>] [--engine-only [--force]]',
    );
  }
  const message = marketStatusMessage(action, market, options.commandId);
  if (options.engineOnly) return publishToEngine(message, options, io);
  if (message.command.type !== 'status') throw new UsageError('not a status command');
  const status = message.command.status;
  const reply = await withNats(options.natsUrl, options.timeoutMs, (nc) =>
    askWallet(
      nc,
      options,
      WALLET_SUBJECTS.cmd.setMarketStatus,
      {
        market: message.market,
        status,
        commandId: message.commandId,
        requestedBy: options.operator ?? io.env.USER ?? 'exchangectl',
        ...(options.reason && { reason: options.reason }),
      },
      marketStatusReplySchema,
    ),
  );
  const subject = new NatsNames(options.prefix).subject(reply.subject);
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          v: 1,
          market: reply.market,
          commandId: reply.commandId,
          command: { type: 'status', status: reply.status, ts: reply.changedAt },
          previousStatus: reply.previousStatus,
          subject,
          duplicate: reply.duplicate,
          via: 'wallet',
        },
        null,
        2,
      ),
    );
  } else if (reply.duplicate) {
    io.out(
      `duplicate: the wallet already applied command ${reply.commandId} (${reply.market} ${reply.status}); nothing new was queued`,
    );
  } else {
    io.out(
      `${reply.market}: ${reply.status} (was ${reply.previousStatus}) set by the wallet, queued to ${subject} ` +
        `(command ${reply.commandId})`,
    );
  }
  return EXIT.ok;
}

/**
 * `--engine-only`: publishes the status command to `cmd.<MARKET>` in the CMD stream itself, with the command id as
 * `Nats-Msg-Id` so that a repeat within the stream's duplicate window is dropped by JetStream.
 */
async function publishToEngine(
  message: MatchingCommandMessage,
  options: GlobalOptions,
  io: CliIo,
): Promise<number> {
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
