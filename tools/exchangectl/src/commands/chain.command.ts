import {
  depositAddressReplySchema,
  simChainReplySchema,
  simTransferReplySchema,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { type CliIo, EXIT, UsageError } from '../io';
import { withNats } from '../nats-connection';
import { type GlobalOptions } from '../options';
import { askWallet } from './withdrawals.command';

const USAGE =
  'usage: chain address <userId> <asset> | send <address> <asset> <amount> | mine [<blocks>] | reorg <depth> [<txid>...]';

function count(text: string | undefined, fallback?: number): number {
  if (text === undefined && fallback !== undefined) return fallback;
  if (!text || !/^[1-9][0-9]{0,2}$/.test(text) || Number(text) > 100) {
    throw new UsageError('expected a whole number from 1 to 100');
  }
  return Number(text);
}

/**
 * The wallet's chain for demos and drills (`WALLET_CHAIN_WATCHER=simulated`; otherwise the wallet refuses with 2920,
 * exit 1): a user's deposit address, a transfer from outside to any address (into the mempool), blocks mined now,
 * and a reorg that sends the last blocks' transfers back to the mempool, except the txids named after the depth: the new
 * chain carries a double spend of those, so they vanish (a pending deposit of theirs is reverted later).
 */
export async function chainCommand(
  positionals: string[],
  options: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const [action, ...args] = positionals;
  const ask = <S extends Parameters<typeof askWallet>[4]>(subject: string, data: unknown, schema: S) =>
    withNats(options.natsUrl, options.timeoutMs, (nc) => askWallet(nc, options, subject, data, schema));
  const print = (value: unknown, text: string) =>
    io.out(options.json ? JSON.stringify(value, null, 2) : text);

  if (action === 'address' && args.length === 2) {
    const [userId, asset] = args as [string, string];
    const reply = await ask(WALLET_SUBJECTS.cmd.depositAddress, { userId, asset }, depositAddressReplySchema);
    print(reply, reply.address);
    return EXIT.ok;
  }
  if (action === 'send' && args.length === 3) {
    const [address, asset, amount] = args as [string, string, string];
    const reply = await ask(
      WALLET_SUBJECTS.cmd.simTransfer,
      { asset, address, amount },
      simTransferReplySchema,
    );
    print(reply, `${reply.txid}:${reply.vout}: ${amount} ${asset} to ${address}, in the mempool`);
    return EXIT.ok;
  }
  if (action === 'mine' && args.length <= 1) {
    const blocks = count(args[0], 1);
    const reply = await ask(WALLET_SUBJECTS.cmd.simMine, { blocks }, simChainReplySchema);
    print(reply, `mined ${blocks}, height ${reply.height}`);
    return EXIT.ok;
  }
  if (action === 'reorg' && args.length >= 1) {
    const [depth, ...drop] = args as [string, ...string[]];
    const bad = drop.find((txid) => !/^[0-9a-f]{64}$/.test(txid));
    if (bad !== undefined)
      throw new UsageError(`expected a txid of 64 lower-case hex digits (got ${JSON.stringify(bad)})`);
    const reply = await ask(WALLET_SUBJECTS.cmd.simReorg, { depth: count(depth), drop }, simChainReplySchema);
    const dropped = drop.length ? `, except ${drop.length} double-spent (gone)` : '';
    print(reply, `height ${reply.height}; the dropped blocks' transfers are back in the mempool${dropped}`);
    return EXIT.ok;
  }
  throw new UsageError(USAGE);
}
