import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { reconcileAll } from '../src/checks';
import { GatewayClient, type Trader } from '../src/client';
import { ReliabilityExchange, type ServiceName } from '../src/exchange';
import { BotLoad, Witness } from '../src/load';
import { LONG, progress, recordResult } from '../src/results';

interface Fault {
  name: string;
  faults: string;
  /** Runs on a PostgreSQL of its own (for faults of PostgreSQL itself). */
  privatePostgres?: boolean;
  /** Injects the fault and brings the system back (restart, resume); resolves when it has done so. */
  inject: (ex: ReliabilityExchange) => Promise<void>;
}

const killAndRestart = (service: ServiceName): Fault => ({
  name: `SIGKILL ${service}, restart`,
  faults: `1 SIGKILL (${service})`,
  inject: async (ex) => {
    await ex.kill(service, 'SIGKILL');
    await ex.restart(service);
  },
});

const STALL_MS = 5_000;

const FAULTS: Fault[] = [
  killAndRestart('matching'),
  killAndRestart('wallet'),
  killAndRestart('market-data'),
  killAndRestart('users'),
  killAndRestart('gateway'),
  {
    name: 'restart Redis',
    faults: '1 redis-server restart (SIGTERM)',
    inject: (ex) => ex.redis.restart('SIGTERM'),
  },
  {
    name: 'restart NATS',
    faults: '1 nats-server restart (SIGTERM)',
    inject: (ex) => ex.nats.restart('SIGTERM'),
  },
  {
    name: 'stall NATS 5 s',
    faults: '1 SIGSTOP/SIGCONT of nats-server',
    inject: async (ex) => {
      await ex.nats.signal('SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, STALL_MS));
      await ex.nats.signal('SIGCONT');
    },
  },
  {
    name: 'stall Redis 5 s',
    faults: '1 SIGSTOP/SIGCONT of redis-server',
    inject: async (ex) => {
      await ex.redis.signal('SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, STALL_MS));
      await ex.redis.signal('SIGCONT');
    },
  },
  {
    name: 'crash PostgreSQL (SIGKILL), restart',
    faults: '1 SIGKILL of the postmaster',
    privatePostgres: true,
    inject: (ex) => ex.postgres!.restart('SIGKILL'),
  },
  {
    name: 'stall PostgreSQL 5 s',
    faults: '1 SIGSTOP/SIGCONT of the postmaster',
    privatePostgres: true,
    inject: async (ex) => {
      await ex.postgres!.signal('SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, STALL_MS));
      await ex.postgres!.signal('SIGCONT');
    },
  },
  {
    name: 'SIGKILL matching twice in a row',
    faults: '2 SIGKILL (matching)',
    inject: async (ex) => {
      await ex.kill('matching', 'SIGKILL');
      await ex.restart('matching');
      await ex.kill('matching', 'SIGKILL');
      await ex.restart('matching');
    },
  },
];

/** The CI subset: one crash of the engine, the service whose state is rebuilt from its snapshot and the stream. */
const SCENARIOS = LONG() ? FAULTS : FAULTS.slice(0, 1);

/**
 * Each fault under the bots' load and a witness client that remembers every acknowledged order, on an exchange of
 * its own (so one scenario's damage never shows in the next), followed by a full reconciliation at rest: the
 * wallet's (ledger zero-sum, balances = entries, holds = open orders' needs), every order in one status and the open
 * ones exactly on the book, the event stream without gap or duplicate, market data equal to a rebuild from the
 * events, and every acknowledged order read back as acknowledged.
 */
describe('faults under load, each followed by a full reconciliation', () => {
  it.each(SCENARIOS.map((f) => [f.name, f] as const))(
    '%s: nothing acknowledged is lost, everything reconciles',
    async (_name, fault) => {
      const ex = new ReliabilityExchange();
      const dir = mkdtempSync(path.join(tmpdir(), 'reliability-load-'));
      let load: BotLoad | undefined;
      let witness: Witness | undefined;
      try {
        await ex.start({ privatePostgres: fault.privatePostgres });
        const client = new GatewayClient(ex.base);
        load = new BotLoad(ex.base, dir);
        await load.seed();
        const witnessTrader: Trader = await client.trader('witness@example.com');
        await client.faucet(witnessTrader, 'USDT', '1000000');
        witness = new Witness(client, witnessTrader);
        progress(`${fault.name}: exchange up at ${ex.base} (run ${ex.run})`);
        load.start();
        witness.start();
        await load.waitFills(3);
        await witness.ackAfter(0);
        progress(`${fault.name}: load running (${load.summary()}), injecting`);
        const failedBefore = witness.failed;
        const errorsBefore = Object.values(load.errors).reduce((a, b) => a + b, 0);
        const at = Date.now();
        await fault.inject(ex);
        const recoveredAt = await witness.ackAfter(Date.now());
        progress(`${fault.name}: recovered after ${recoveredAt - at} ms`);
        // The bots trade again after the fault.
        await load.waitFills((load.last?.totals.ordersFilled ?? 0) + 2, 120_000);
        await witness.stop();
        await load.stop();
        progress(`${fault.name}: load stopped, reconciling`);
        const check = await reconcileAll(ex);
        const lost = await witness.lost();
        progress(`${fault.name}: ${check.problems.length} problems, ${lost.length} acknowledged orders lost`);
        const clientErrors =
          witness.failed -
          failedBefore +
          Object.values(load.errors).reduce((a, b) => a + b, 0) -
          errorsBefore;
        const errors = ex.errorLogs(at);
        recordResult({
          scenario: fault.name,
          load: `${load.summary()}; witness ${witness.acknowledged} acked`,
          faults: fault.faults,
          refused: '-',
          dataLost: lost.length + check.problems.length,
          recoverMs: recoveredAt - at,
          notes: [
            `client errors during the fault: ${clientErrors}`,
            `orders ${JSON.stringify(check.orders.byStatus)}; ${check.events.messages} event batches; market data ${JSON.stringify(check.marketData.rows)}`,
            ...lost.map((l) => `lost: ${l}`),
            ...check.problems,
            ...errors.slice(0, 5).map((e) => `log: ${e}`),
          ].join('; '),
        });
        expect({ lost, problems: check.problems, errors: check.problems.length ? errors : [] }).toEqual({
          lost: [],
          problems: [],
          errors: [],
        });
        expect(check.wallet.ok).toBe(true);
      } finally {
        await witness?.stop();
        await load?.stop();
        await ex.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
