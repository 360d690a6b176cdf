/**
 * `node tools/run.cjs apps/market-data/src/rebuild.cli.ts [--force]`: rebuilds the market-data store (trades,
 * candles, books, positions, Redis) from the EVT stream from scratch, with the service's own environment
 * (DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, NATS_URL, NATS_STREAM_PREFIX, MARKET_DATA_MARKETS). Stop the service
 * first: the command refuses to run while a market-data process answers queries under the same NATS prefix, unless
 * `--force`.
 * Prints the report as JSON; exits 0 when rebuilt, 1 on a failure, 2 when the service is running.
 */
import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { connect } from 'nats';

import { MARKET_DATA_QUERIES } from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';
import { ConfigValidationError, loadConfig } from '@exchange/shared-util-config';
import { createLogger, NestPinoLogger } from '@exchange/shared-util-logging';

import { type MarketDataConfig, marketDataConfigSchema } from './config/market-data.config';
import { MarketDataRebuildModule } from './rebuild/market-data-rebuild.module';
import { MarketDataRebuildService } from './rebuild/market-data-rebuild.service';

const COMMAND = 'market-data-rebuild';
const encoder = new TextEncoder();

/**
 * True when some market-data process answers a query under the run prefix (the status subject carries no prefix,
 * so it would also hear the services of other environments on the same NATS).
 */
async function serviceRunning(config: MarketDataConfig): Promise<boolean> {
  const nc = await connect({ servers: config.NATS_URL, name: COMMAND });
  try {
    const subject = new NatsNames(config.NATS_STREAM_PREFIX).subject(MARKET_DATA_QUERIES.tickerPrice);
    await nc.request(subject, encoder.encode(JSON.stringify({ pattern: subject, data: {}, id: COMMAND })), {
      timeout: 2000,
    });
    return true;
  } catch {
    // No responders (or no answer): nothing is consuming.
    return false;
  } finally {
    await nc.close();
  }
}

async function main(): Promise<number> {
  let config: MarketDataConfig;
  try {
    config = loadConfig(marketDataConfigSchema, process.env);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`${COMMAND}: ${error.message}\n`);
    return 1;
  }
  const logger = createLogger({ service: COMMAND, level: config.LOG_LEVEL });
  if (!process.argv.includes('--force') && (await serviceRunning(config))) {
    process.stderr.write(
      `${COMMAND}: market-data is running under this NATS prefix; stop it first (or --force)\n`,
    );
    return 2;
  }
  const app = await NestFactory.createApplicationContext(MarketDataRebuildModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger.child({ component: 'nest' })),
    abortOnError: false,
  });
  try {
    const report = await app.get(MarketDataRebuildService).rebuild();
    process.stdout.write(`${JSON.stringify({ rebuilt: report })}\n`);
    return 0;
  } catch (error) {
    logger.error({ err: error }, 'the rebuild failed');
    process.stderr.write(`${COMMAND}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await app.close();
    logger.flush();
  }
}

void main().then((code) => process.exit(code));
