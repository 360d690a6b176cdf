/**
 * `node tools/run.cjs apps/users/src/rekey.cli.ts [--batch-size 500] [--max-batches N]`: re-seals every stored
 * secret (TOTP secrets and HMAC API-key secrets) under the key-encryption key `SECRETS_KEK`, opening the old values
 * with the keys in `SECRETS_KEK_PREVIOUS`. Reads the service's environment (DATABASE_URL, REDIS_URL,
 * REDIS_KEY_PREFIX, the KEKs). Safe to run while the service runs and to run again (after a crash, or after a run
 * bounded by --max-batches): values already under SECRETS_KEK are skipped. Writes JSON lines; the last one is the
 * report. Exit 0 when every value is under SECRETS_KEK, 2 when some could not be opened or the run was bounded,
 * 1 on a bad invocation or an error. See docs/users.md, "Rotating the key-encryption key".
 */
import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { postgresDataSourceOptions } from '@exchange/shared-data-access-postgres';
import { createRedisClient } from '@exchange/shared-data-access-redis';
import { loadConfig } from '@exchange/shared-util-config';
import { createLogger } from '@exchange/shared-util-logging';

import { type UsersConfig, usersConfigSchema } from './config/users.config';
import { secretBoxFrom } from './crypto/crypto.providers';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { ApiKeyCacheRepository } from './repositories/api-key-cache.repository';
import { SealedSecretsRepository } from './repositories/sealed-secrets.repository';
import { TransactionsRepository } from './repositories/transactions.repository';
import { RekeyService } from './secrets/rekey.service';

const USAGE = 'usage: rekey.cli.ts [--batch-size 1..10000] [--max-batches N]';

function parseArgs(argv: string[]): { batchSize: number; maxBatches?: number } {
  const out: { batchSize: number; maxBatches?: number } = { batchSize: 500 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, text] = [argv[i], argv[i + 1]];
    const value = Number(text);
    if (!text || !/^\d+$/.test(text) || value < 1)
      throw new Error(`${flag} needs a positive integer. ${USAGE}`);
    if (flag === '--batch-size' && value <= 10_000) out.batchSize = value;
    else if (flag === '--max-batches') out.maxBatches = value;
    else throw new Error(`unknown or out-of-range option ${flag}. ${USAGE}`);
  }
  return out;
}

async function main(): Promise<number> {
  const logger = createLogger({ service: 'users-rekey' });
  let options: ReturnType<typeof parseArgs>;
  let config: UsersConfig;
  try {
    options = parseArgs(process.argv.slice(2));
    config = loadConfig(usersConfigSchema, process.env);
    // Without it the service's well-known development key would be the target: never what a rotation means.
    if (!config.SECRETS_KEK) throw new Error('SECRETS_KEK must be set to the new key-encryption key');
  } catch (error) {
    process.stderr.write(`rekey: ${(error as Error).message}\n`);
    return 1;
  }

  const dataSource = new DataSource(
    postgresDataSourceOptions({
      url: config.DATABASE_URL,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsRun: false,
      poolSize: 2,
      applicationName: 'users-rekey',
    }),
  );
  const redis = createRedisClient({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
  try {
    await dataSource.initialize();
    const tx = new TransactionsRepository(dataSource);
    const box = secretBoxFrom(config, logger);
    const rekey = new RekeyService(
      new SealedSecretsRepository(tx),
      new ApiKeyCacheRepository(redis, config),
      tx,
      box,
    );
    logger.info({ kekId: box.kekId, ...options }, 'rekey started');
    const report = await rekey.run({
      ...options,
      onBatch: (progress) => logger.info(progress, 'rekey batch committed'),
    });
    logger.info({ report }, 'rekey finished');
    return report.failed.length === 0 && report.complete ? 0 : 2;
  } catch (error) {
    logger.error({ err: error }, 'rekey failed');
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await redis.quit().catch(() => redis.disconnect());
  }
}

void main().then((code) => process.exit(code));
