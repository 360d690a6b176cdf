import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  type BroadcastObservation,
  chainDepositId,
  type ChainTransferRef,
  confirmationsAt,
  type TransferSighting,
} from '@exchange/wallet-domain';

import {
  type BroadcastResult,
  type ChainScan,
  type ChainWatcher,
  type ObservedTransfer,
  type TransferSightings,
  type WithdrawalBroadcast,
} from './chain-watcher.port';

/** Addresses of the simulated chain: `sim1q` and 38 hex digits (152 random bits). */
const SIM_ADDRESS = /^sim1q[0-9a-f]{38}$/;

interface RawTransfer {
  txid: string;
  vout: number;
  asset: string;
  address: string;
  amount: string;
  block_height: string | null;
}

const toTransfer = (r: RawTransfer): ObservedTransfer => ({
  txid: r.txid,
  vout: r.vout,
  asset: r.asset,
  address: r.address,
  amount: BigInt(r.amount),
  blockHeight: r.block_height === null ? null : Number(r.block_height),
});

/**
 * The demo's chain, in the wallet's own database so that it survives restarts: blocks (`sim_chain_block`) and
 * transfers (`sim_chain_transfer`, mined into a block or waiting in the mempool). One chain carries every asset.
 * Outsiders pay addresses with `transfer`; blocks come from `produceIfDue` (every WALLET_SIM_BLOCK_MS) or `mine`;
 * `reorg` drops the last blocks so their transfers are mined again. It implements `ChainWatcher` the way a real
 * integration would, from the wallet's side: scan, count confirmations, broadcast (refusing addresses that are not
 * on this chain) and observe withdrawals. Several wallet processes may share it: heights are primary keys.
 */
@Injectable()
export class SimulatedChainRepository implements ChainWatcher {
  readonly name = 'simulated';

  constructor(private readonly dataSource: DataSource) {}

  async newAddress(): Promise<string> {
    return `sim1q${randomBytes(19).toString('hex')}`;
  }

  async tip(): Promise<number> {
    const [row] = await this.dataSource.query(
      `select coalesce(max(height), 0)::text as tip from sim_chain_block`,
    );
    return Number(row.tip);
  }

  async scan(fromHeight: number): Promise<ChainScan> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const [row] = await tx.query(`select coalesce(max(height), 0)::text as tip from sim_chain_block`);
      const rows: RawTransfer[] = await tx.query(
        `select txid, vout, asset, address, amount::text as amount, block_height::text as block_height
         from sim_chain_transfer where block_height is null or block_height >= $1
         order by block_height nulls last, created_at, txid, vout`,
        [fromHeight],
      );
      return { tip: Number(row.tip), transfers: rows.map(toTransfer) };
    });
  }

  async sightings(refs: readonly ChainTransferRef[]): Promise<TransferSightings> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const [row] = await tx.query(`select coalesce(max(height), 0)::text as tip from sim_chain_block`);
      const tip = Number(row.tip);
      const sightings = new Map<string, TransferSighting>();
      if (refs.length === 0) return { tip, sightings };
      const rows: { txid: string; vout: number; block_height: string | null }[] = await tx.query(
        `select t.txid, t.vout, t.block_height::text as block_height
         from sim_chain_transfer t join unnest($1::varchar[], $2::int[]) as r(txid, vout)
           on t.txid = r.txid and t.vout = r.vout`,
        [refs.map((r) => r.txid), refs.map((r) => r.vout)],
      );
      for (const r of rows) {
        sightings.set(
          chainDepositId(r),
          r.block_height === null
            ? { kind: 'MEMPOOL' }
            : { kind: 'MINED', confirmations: confirmationsAt(Number(r.block_height), tip) },
        );
      }
      for (const ref of refs) {
        if (!sightings.has(chainDepositId(ref))) sightings.set(chainDepositId(ref), { kind: 'MISSING' });
      }
      return { tip, sightings };
    });
  }

  async broadcast(w: WithdrawalBroadcast): Promise<BroadcastResult> {
    if (!SIM_ADDRESS.test(w.address)) return { ok: false, reason: 'address is not on the simulated chain' };
    // The transaction id follows from the withdrawal: sending it again finds the same transfer.
    const txid = createHash('sha256').update(`withdrawal:${w.withdrawalId}`).digest('hex');
    await this.dataSource.query(
      `insert into sim_chain_transfer (txid, vout, asset, address, amount, withdrawal_id)
       values ($1, 0, $2, $3, $4, $5) on conflict do nothing`,
      [txid, w.asset, w.address, w.amount.toString(), w.withdrawalId],
    );
    return { ok: true, txid };
  }

  async observe(txid: string): Promise<BroadcastObservation> {
    const { sightings } = await this.sightings([{ txid, vout: 0 }]);
    const seen = sightings.get(`${txid}:0`)!;
    if (seen.kind === 'MISSING') return { kind: 'FAILED', reason: 'the chain does not know the transaction' };
    return { kind: 'SEEN', confirmations: seen.kind === 'MINED' ? seen.confirmations : 0, networkFee: 0n };
  }

  /** Somebody outside pays `amount` minor units of `asset` to `address`: into the mempool until the next block. */
  async transfer(asset: string, address: string, amount: bigint): Promise<ChainTransferRef> {
    const txid = randomBytes(32).toString('hex');
    await this.dataSource.query(
      `insert into sim_chain_transfer (txid, vout, asset, address, amount) values ($1, 0, $2, $3, $4)`,
      [txid, asset, address, amount.toString()],
    );
    return { txid, vout: 0 };
  }

  /** Produces `blocks` blocks now; each takes in the whole mempool. Returns the new tip. */
  async mine(blocks: number): Promise<number> {
    for (let i = 0; i < blocks; i++) await this.produce(0);
    return this.tip();
  }

  /** Produces a block when the last one is at least `intervalMs` old (several processes may ask: one wins). */
  async produceIfDue(intervalMs: number): Promise<void> {
    await this.produce(intervalMs);
  }

  /**
   * Forgets the last `depth` blocks: their transfers go back to the mempool, except those of the `drop` txids,
   * which vanish (a double spend took their place; dropped from the mempool too). Returns the new tip.
   */
  async reorg(depth: number, drop: readonly string[] = []): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`lock table sim_chain_block in exclusive mode`);
      const [row] = await tx.query(`select coalesce(max(height), 0)::text as tip from sim_chain_block`);
      const keep = Math.max(0, Number(row.tip) - depth);
      await tx.query(
        `delete from sim_chain_transfer where txid = any($2::varchar[]) and (block_height is null or block_height > $1)`,
        [keep, drop],
      );
      await tx.query(`update sim_chain_transfer set block_height = null where block_height > $1`, [keep]);
      await tx.query(`delete from sim_chain_block where height > $1`, [keep]);
      return keep;
    });
  }

  private async produce(intervalMs: number): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      // One block at a time across processes; the interval is measured from the last block.
      await tx.query(`lock table sim_chain_block in exclusive mode`);
      const [row] = await tx.query(
        `select coalesce(max(height), 0)::text as tip,
           coalesce(max(produced_at) <= now() - make_interval(secs => $1::numeric / 1000), true) as due
         from sim_chain_block`,
        [intervalMs],
      );
      if (!row.due) return;
      const height = Number(row.tip) + 1;
      await tx.query(`insert into sim_chain_block (height) values ($1)`, [height]);
      await tx.query(`update sim_chain_transfer set block_height = $1 where block_height is null`, [height]);
    });
  }
}
