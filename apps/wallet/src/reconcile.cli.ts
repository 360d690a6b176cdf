/**
 * `npx nx run wallet:reconcile`: asks the running wallet to reconcile its ledger
 * (`wallet.query.reconcile.v1`), prints the report as JSON, and exits 0 when clean, 2 when it found
 * issues, 1 when the wallet did not answer. Reads NATS_URL and NATS_STREAM_PREFIX like the service.
 */
import 'reflect-metadata';

import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';

import { type ReconcileReply, WALLET_SUBJECTS } from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';

async function main(): Promise<number> {
  const url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const names = new NatsNames(process.env.NATS_STREAM_PREFIX ?? '');
  const client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [url] } });
  try {
    await client.connect();
    const report = await firstValueFrom(
      client.send<ReconcileReply>(names.subject(WALLET_SUBJECTS.query.reconcile), {}).pipe(timeout(60_000)),
    );
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 2;
  } catch (error) {
    process.stderr.write(
      `wallet:reconcile: ${error instanceof Error ? error.message : JSON.stringify(error)}\n`,
    );
    return 1;
  } finally {
    client.close();
  }
}

void main().then((code) => process.exit(code));
