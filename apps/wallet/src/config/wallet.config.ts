import { z } from 'zod';

import { envBoolean, envPort, natsEnv, postgresEnv, serviceEnv } from '@exchange/shared-util-config';

/** The wallet service's environment; see README.md for the table. */
export const walletConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: envPort(3002),
  ...natsEnv,
  ...postgresEnv('exchange_wallet'),
  /** The development faucet (`wallet.cmd.faucet-deposit.v1`). */
  WALLET_FAUCET_ENABLED: envBoolean(true),
  /** Settle engine events from the EVT stream (durable consumer `wallet-settlement`). */
  WALLET_SETTLEMENT_ENABLED: envBoolean(true),
  /** Most JetStream messages (event batches) applied in one PostgreSQL transaction. */
  WALLET_SETTLEMENT_BATCH: z.coerce.number().int().min(1).max(1000).default(100),
  /** How long an event message may stay unacknowledged before JetStream redelivers it (after a crash). */
  WALLET_SETTLEMENT_ACK_WAIT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** How often the outbox relay looks for unsent commands when nothing woke it. */
  WALLET_OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** Scheduled ledger reconciliation (metric `wallet_reconciliation_issues`); 0 turns it off. */
  WALLET_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
  /**
   * Withdrawals above these amounts wait for an operator (`ASSET=amount,...`, e.g. `BTC=1,USDT=50000`); an asset
   * not listed never waits. Empty: none waits.
   */
  WALLET_WITHDRAWAL_APPROVAL_ABOVE: z
    .string()
    .regex(
      /^([A-Z0-9]{1,20}=[0-9]{1,40}(\.[0-9]{1,40})?(,[A-Z0-9]{1,20}=[0-9]{1,40}(\.[0-9]{1,40})?)*)?$/,
      'expected ASSET=amount,...',
    )
    .default(''),
  /**
   * The chain watcher behind deposits and withdrawals: `off` (deposit addresses refused; chain deposits only through
   * `wallet.cmd.confirm-deposit.v1`, withdrawals finished by operators) or `simulated` (the demo chain in the
   * wallet's database, see docs/wallet.md "Chain deposits").
   */
  WALLET_CHAIN_WATCHER: z.enum(['off', 'simulated']).default('off'),
  /** How often the watcher looks for new transfers, confirmations and withdrawals to send. */
  WALLET_CHAIN_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  /** The simulated chain produces a block this often (0: only on `wallet.cmd.sim-mine.v1`). */
  WALLET_SIM_BLOCK_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
  /** Confirmations that credit a deposit (and complete a withdrawal), unless the asset is listed below. */
  WALLET_DEPOSIT_CONFIRMATIONS: z.coerce.number().int().min(1).max(1_000).default(3),
  /** Per asset: `ASSET=n,...` (e.g. `BTC=2,ETH=12`). */
  WALLET_DEPOSIT_CONFIRMATIONS_BY_ASSET: z
    .string()
    .regex(/^([A-Z0-9]{1,20}=[1-9][0-9]{0,5}(,[A-Z0-9]{1,20}=[1-9][0-9]{0,5})*)?$/, 'expected ASSET=n,...')
    .default(''),
  /**
   * A pending chain deposit whose transfer is neither mined nor in the mempool is REVERTED once the chain has grown
   * by this many blocks since the watcher first missed it (a credited one is reported lost instead).
   */
  WALLET_DEPOSIT_REVERT_BLOCKS: z.coerce.number().int().min(1).max(10_000).default(6),
  /** How many times a REVERTED deposit whose transfer comes back is detected again (0: never; docs/wallet.md). */
  WALLET_DEPOSIT_REDETECT_LIMIT: z.coerce.number().int().min(0).max(100).default(3),
  /** Connections in the PostgreSQL pool. */
  WALLET_DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
});

export type WalletConfig = z.infer<typeof walletConfigSchema>;
