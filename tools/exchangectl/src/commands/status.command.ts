import { randomUUID } from 'node:crypto';

import { type NatsConnection, StringCodec } from 'nats';

import {
  SUBJECTS,
  type ServiceKey,
  type ServiceStatus,
  serviceStatusSchema,
} from '@exchange/shared-contracts';

import { type CliIo, EXIT } from '../io';
import { listLeaders, type ShardLeader } from '../kube/leases';
import { withNats } from '../nats-connection';
import { type GlobalOptions, SERVICE_NAMES } from '../options';
import { formatTable } from '../table';

export type ServiceState = 'ready' | 'not ready' | 'no answer' | 'bad answer';

export interface ServiceStatusRow {
  service: string;
  subject: string;
  state: ServiceState;
  status?: ServiceStatus;
  /** Why there is no usable answer: no responders, timeout, an error reply, a reply off the contract. */
  detail?: string;
}

const codec = StringCodec();
const displayName = (key: ServiceKey) => Object.entries(SERVICE_NAMES).find(([, k]) => k === key)![0];

/**
 * Asks one service `<svc>.query.status.v1`. The services answer through NestJS's NATS transport, so the request
 * carries its envelope (`{ pattern, data, id }`) and the reply is `{ id, response | err, isDisposed }`.
 */
export async function queryStatus(
  nc: NatsConnection,
  key: ServiceKey,
  timeoutMs: number,
): Promise<ServiceStatusRow> {
  const subject = SUBJECTS[key].status;
  const row = { service: displayName(key), subject };
  let text: string;
  try {
    const reply = await nc.request(
      subject,
      codec.encode(JSON.stringify({ pattern: subject, data: {}, id: randomUUID() })),
      { timeout: timeoutMs },
    );
    text = codec.decode(reply.data);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const detail =
      code === '503'
        ? 'no responders'
        : code === 'TIMEOUT'
          ? `timeout after ${timeoutMs} ms`
          : (error as Error).message;
    return { ...row, state: 'no answer', detail };
  }
  let envelope: { response?: unknown; err?: unknown };
  try {
    envelope = JSON.parse(text) as { response?: unknown; err?: unknown };
  } catch {
    return { ...row, state: 'bad answer', detail: `not JSON: ${text.slice(0, 80)}` };
  }
  if (envelope.err !== undefined)
    return { ...row, state: 'bad answer', detail: `error: ${JSON.stringify(envelope.err)}` };
  const parsed = serviceStatusSchema.safeParse(envelope.response);
  if (!parsed.success) {
    return {
      ...row,
      state: 'bad answer',
      detail: `off contract: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    };
  }
  return { ...row, state: parsed.data.ready ? 'ready' : 'not ready', status: parsed.data };
}

/** The shards' leaders from the lease bucket, or why they are unknown (no bucket: no election under the prefix). */
async function matchingLeaders(
  nc: NatsConnection,
  prefix: string,
): Promise<{ leaders: ShardLeader[] } | { problem: string }> {
  try {
    return { leaders: await listLeaders(nc, prefix) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/**
 * `status`: every (or each `--service`) service's status, asked in parallel; exit 1 unless all are ready. With
 * matching among them, the table is followed by each shard's leader (its lease in `<prefix>matching_leases`):
 * information only, as pods without leader election hold no lease.
 */
export async function statusCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const { rows, leaders } = await withNats(options.natsUrl, options.timeoutMs, async (nc) => ({
    rows: await Promise.all(options.services.map((key) => queryStatus(nc, key, options.timeoutMs))),
    leaders: options.services.includes('matching') ? await matchingLeaders(nc, options.prefix) : undefined,
  }));
  if (options.json) {
    io.out(JSON.stringify(rows, null, 2));
  } else {
    io.out(
      formatTable(
        ['SERVICE', 'STATE', 'VERSION', 'UPTIME', 'CHECKS'],
        rows.map((row) => [
          row.service,
          row.state,
          row.status?.version ?? '-',
          row.status ? `${Math.floor(row.status.uptimeSeconds)}s` : '-',
          row.status
            ? Object.entries(row.status.checks)
                .map(([name, state]) => `${name}=${state}`)
                .join(' ')
            : (row.detail ?? ''),
        ]),
      ),
    );
    if (leaders) {
      io.out('');
      if ('problem' in leaders) io.out(`matching leaders: unknown (${leaders.problem})`);
      else if (leaders.leaders.length === 0) io.out('matching leaders: none (no shard holds a lease now)');
      else
        io.out(
          formatTable(
            ['SHARD', 'LEADER', 'RENEWED'],
            leaders.leaders.map((l) => [
              l.shard,
              l.holder ?? '(none)',
              l.at === undefined ? '-' : new Date(l.at).toISOString(),
            ]),
          ),
        );
    }
  }
  const failing = rows.filter((row) => row.state !== 'ready');
  if (failing.length > 0) {
    io.err(
      `${failing.length} of ${rows.length} services not ready: ${failing.map((r) => `${r.service} (${r.state})`).join(', ')}`,
    );
    return EXIT.failed;
  }
  return EXIT.ok;
}
