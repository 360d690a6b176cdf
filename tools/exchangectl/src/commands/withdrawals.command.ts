import { randomUUID } from 'node:crypto';

import { type NatsConnection, StringCodec } from 'nats';
import { type z } from 'zod';

import {
  pendingWithdrawalsReplySchema,
  WALLET_SUBJECTS,
  withdrawalReplySchema,
} from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';

import { type CliIo, EXIT, OperationError, UsageError } from '../io';
import { withNats } from '../nats-connection';
import { type GlobalOptions } from '../options';
import { formatTable } from '../table';

const codec = StringCodec();

/**
 * One request to the wallet through NestJS's NATS envelope (`{ pattern, data, id }` → `{ response | err }`), on the
 * run's prefixed subject; a refusal (`{ code, message }`) is an `OperationError` naming both.
 */
export async function askWallet<Schema extends z.ZodType>(
  nc: NatsConnection,
  options: GlobalOptions,
  subject: string,
  data: unknown,
  schema: Schema,
): Promise<z.infer<Schema>> {
  const wire = new NatsNames(options.prefix).subject(subject);
  let text: string;
  try {
    const reply = await nc.request(
      wire,
      codec.encode(JSON.stringify({ pattern: wire, data, id: randomUUID() })),
      {
        timeout: options.timeoutMs,
      },
    );
    text = codec.decode(reply.data);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new OperationError(
      `${wire}: ${code === '503' ? 'no wallet answers (no responders)' : code === 'TIMEOUT' ? `no answer in ${options.timeoutMs} ms` : (error as Error).message}`,
    );
  }
  const envelope = JSON.parse(text) as { response?: unknown; err?: { code?: number; message?: string } };
  if (envelope.err !== undefined) {
    throw new OperationError(
      `refused: ${envelope.err.code ?? '?'} ${envelope.err.message ?? JSON.stringify(envelope.err)}`,
    );
  }
  const parsed = schema.safeParse(envelope.response);
  if (!parsed.success) throw new OperationError(`${wire}: answer off the contract`);
  return parsed.data;
}

/**
 * `withdrawals list | approve <id> | reject <id> --reason <text>`: the withdrawals waiting for an operator (above the
 * wallet's `WALLET_WITHDRAWAL_APPROVAL_ABOVE`), and the decision on one. `--operator` (default `$USER`) is recorded
 * with the decision. Approving or rejecting again with the same decision answers the same; the other decision on a
 * decided withdrawal is refused (2911), exit 1.
 */
export async function withdrawalsCommand(
  positionals: string[],
  options: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const [action, id, ...rest] = positionals;
  if (action === 'list') {
    if (id !== undefined) throw new UsageError('usage: withdrawals list [--limit <n>]');
    const { withdrawals } = await withNats(options.natsUrl, options.timeoutMs, (nc) =>
      askWallet(
        nc,
        options,
        WALLET_SUBJECTS.query.pendingWithdrawals,
        { limit: options.limit ?? 100 },
        pendingWithdrawalsReplySchema,
      ),
    );
    if (options.json) io.out(JSON.stringify(withdrawals, null, 2));
    else if (withdrawals.length === 0) io.out('no withdrawal is waiting for approval');
    else
      io.out(
        formatTable(
          ['WITHDRAWAL', 'USER', 'ASSET', 'AMOUNT', 'ADDRESS', 'REQUESTED'],
          withdrawals.map((w) => [
            w.withdrawalId,
            w.userId,
            w.asset,
            w.amount,
            w.address,
            new Date(w.time).toISOString(),
          ]),
        ),
      );
    return EXIT.ok;
  }
  if ((action !== 'approve' && action !== 'reject') || !id || rest.length > 0) {
    throw new UsageError(
      'usage: withdrawals list | approve <id> | reject <id> --reason <text> [--operator <name>]',
    );
  }
  if (action === 'reject' && !options.reason)
    throw new UsageError('withdrawals reject needs --reason <text>');
  const operator = options.operator ?? io.env.USER ?? 'exchangectl';
  const subject =
    action === 'approve' ? WALLET_SUBJECTS.cmd.approveWithdrawal : WALLET_SUBJECTS.cmd.rejectWithdrawal;
  const result = await withNats(options.natsUrl, options.timeoutMs, (nc) =>
    askWallet(
      nc,
      options,
      subject,
      { withdrawalId: id, operator, ...(options.reason && { reason: options.reason }) },
      withdrawalReplySchema,
    ),
  );
  if (options.json) io.out(JSON.stringify(result, null, 2));
  else
    io.out(
      `${result.withdrawalId}: ${result.status} (${result.amount} ${result.asset} to ${result.address}, by ${operator})`,
    );
  return EXIT.ok;
}
