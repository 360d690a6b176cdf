import { readdirSync, readFileSync } from 'node:fs';

import { type ExchangeHarness } from './exchange-harness';

/** A process's CPU so far (user + system), in µs, from /proc/<pid>/stat (Linux; USER_HZ 100). */
export function processCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may hold spaces) start after its closing parenthesis: utime is the 14th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** `processCpuUs`, 0 once the process is gone (or before it has a pid). */
export function cpuOrZero(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    return processCpuUs(pid);
  } catch {
    return 0;
  }
}

/** Process ids whose command line passes `match` (nats-server, PostgreSQL backends of the run's databases). */
function pidsWhere(match: (cmdline: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (match(readFileSync(`/proc/${entry}/cmdline`, 'latin1').replaceAll('\0', ' ')))
        pids.push(Number(entry));
    } catch {
      // Gone since the listing.
    }
  }
  return pids;
}

/**
 * The CPU so far (µs) of every process of a harness's exchange but the gateways: the services, the run's
 * PostgreSQL backends (their command line names the run's databases; walwriter and checkpointer not counted), and
 * the nats-server and redis-server it talks to (shared with anything else on the machine that uses them). Read it
 * before and after a phase; the difference over the orders is each one's CPU per order. PostgreSQL's backends come
 * and go with the services' pools: each one's CPU is counted from when it is first seen (a backend that exits
 * between two readings loses its last share).
 */
export function pathCpuSampler(harness: ExchangeHarness): () => Record<string, number> {
  const services = ['wallet', 'users', 'matching', 'market-data'] as const;
  const natsPort = new URL(harness.servers.nats).port || '4222';
  const redis = new URL(harness.servers.redis);
  const redisPort = redis.port || '6379';
  const backendCpu = new Map<number, number>();
  let postgresUs = 0;
  return () => {
    for (const pid of pidsWhere((cmd) => cmd.startsWith('postgres: ') && cmd.includes(harness.run))) {
      const us = cpuOrZero(pid);
      postgresUs += us - (backendCpu.get(pid) ?? 0);
      backendCpu.set(pid, us);
    }
    return {
      ...Object.fromEntries(
        services.map((service) => [service, cpuOrZero(harness.process(service).child.pid)]),
      ),
      postgres: postgresUs,
      'nats-server': pidsWhere(
        (cmd) => /(^|\/)nats-server /.test(cmd) && cmd.includes(` -p ${natsPort} `),
      ).reduce((sum, pid) => sum + cpuOrZero(pid), 0),
      'redis-server': pidsWhere(
        (cmd) => /(^|\/)redis-server /.test(cmd) && new RegExp(`:${redisPort}( |$)`).test(cmd),
      ).reduce((sum, pid) => sum + cpuOrZero(pid), 0),
    };
  };
}
