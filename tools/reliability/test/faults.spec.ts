import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { reconcileAll } from '../src/checks';
import { eventually, GatewayClient, type Trader } from '../src/client';
import { ReliabilityExchange, SERVICES, type ServiceName } from '../src/exchange';
import { BotLoad, Witness } from '../src/load';
import { limitNatsStore } from '../src/private-server';
import { LONG, progress, recordResult } from '../src/results';

/** What a fault may use besides the exchange: the witness (to wait for recovery in between) and a folder. */
interface FaultContext {
  witness: Witness;
  dir: string;
  /** Lines for the scenario's notes. */
  notes: string[];
}

interface Fault {
  name: string;
  faults: string;
  /** Runs on a PostgreSQL of its own (for faults of PostgreSQL itself). */
  privatePostgres?: boolean;
  /**
   * Injects the fault and brings the system back (restart, resume); resolves when it has done so. A fault of several
   * steps measures each one's recovery itself and returns them (ms); else recovery runs from the start of the fault.
   */
  inject: (ex: ReliabilityExchange, context: FaultContext) => Promise<number[] | void>;
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

const ROUNDS = 3;
const FULL_STORE_MS = 10_000;

/** Each service killed in turn, several rounds, each kill followed by the witness's next acknowledgement. */
const killEachInTurn: Fault = {
  name: `SIGKILL each service in turn, ${ROUNDS} rounds`,
  faults: `${ROUNDS * SERVICES.length} SIGKILL (${SERVICES.join(', ')}, ${ROUNDS} times each)`,
  inject: async (ex, { witness, notes }) => {
    const recoveries: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const service of SERVICES) {
        const at = Date.now();
        await ex.kill(service, 'SIGKILL');
        await ex.restart(service);
        recoveries.push((await witness.ackAfter(Date.now())) - at);
        progress(`round ${round}, ${service}: recovered after ${recoveries.at(-1)} ms`);
      }
    }
    notes.push(
      `recovery per kill (s): ${recoveries.map((ms) => (ms / 1000).toFixed(1)).join(', ')}; the table shows the longest`,
    );
    return recoveries;
  },
};

/**
 * The NATS store runs full: nats-server restarted with a JetStream file store limit a little above what the streams
 * hold, so the load fills it within seconds; it stays full for FULL_STORE_MS, then the limit is lifted (another
 * restart, as freeing the disk and restarting the server would). Recovery runs from the lift.
 */
const natsStoreFull: Fault = {
  name: 'NATS store full 10 s, then freed',
  faults: '1 JetStream store limit (max_file_store) reached, held 10 s, lifted; 2 nats-server restarts',
  inject: async (ex, { witness, dir, notes }) => {
    const storage = async () => (await (await ex.nc.jetstreamManager()).getAccountInfo()).storage;
    const used = await storage();
    const limit = used + 128 * 1024;
    await limitNatsStore(ex.nats, dir, limit);
    const limitedAt = Date.now();
    const reached = await eventually(storage, (bytes) => bytes >= limit - 8 * 1024, 120_000, 250);
    const fullAt = Date.now();
    notes.push(
      `store limit ${limit} B (${used} B in use); ${reached} B stored after ${((fullAt - limitedAt) / 1000).toFixed(1)} s`,
    );
    await new Promise((resolve) => setTimeout(resolve, FULL_STORE_MS));
    const output = ex.nats.lastOutput;
    const refusals = output.match(/insufficient|resource|limit/gi)?.length ?? 0;
    notes.push(`nats-server log lines about resources while full: ${refusals}`);
    const failedBefore = witness.failed;
    const freedAt = Date.now();
    await limitNatsStore(ex.nats, dir, undefined);
    const recovered = (await witness.ackAfter(Date.now())) - freedAt;
    notes.push(`witness orders refused or failed while full: ${witness.failed - failedBefore}`);
    return [recovered];
  },
};

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
  killEachInTurn,
  natsStoreFull,
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
        const notes: string[] = [];
        const steps = await fault.inject(ex, { witness, dir, notes });
        const recoveredAt = await witness.ackAfter(Date.now());
        const recoverMs = steps?.length ? Math.max(...steps) : recoveredAt - at;
        progress(`${fault.name}: recovered after ${recoverMs} ms`);
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
          recoverMs,
          notes: [
            `client errors during the fault: ${clientErrors}`,
            ...notes,
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
