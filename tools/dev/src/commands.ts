import path from 'node:path';

import { type DevOptions, resolveConfig } from './config';
import { ensureInfrastructure, infrastructureStatus, stopInfrastructure } from './infrastructure';
import { createDatabaseAt, dropDatabaseAt, ensureServiceDatabases } from './postgres';
import { formatReport } from './service';
import { start } from './start';

/** What every command gets: its positional arguments, the options from the flags, and where to write. */
export interface CommandContext {
  args: string[];
  options: DevOptions;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Command {
  usage: string;
  summary: string;
  /** Resolves to the process exit code. */
  run(context: CommandContext): Promise<number>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

function oneName(context: CommandContext, usage: string): string {
  if (context.args.length !== 1) throw new UsageError(`usage: ${usage}`);
  return context.args[0]!;
}

const up: Command = {
  usage: 'up',
  summary:
    'make PostgreSQL, Redis and NATS+JetStream answer (find, start or install), then create the service databases',
  async run(context) {
    const infrastructure = await ensureInfrastructure({
      ...context.options,
      log: (line) => context.err(`  ${line}`),
    });
    infrastructure.reports.forEach((report) => context.out(formatReport(report)));
    const { created, existing } = await ensureServiceDatabases(infrastructure.postgres);
    context.out(
      `${'databases'.padEnd(10)}${(created.length > 0 ? 'created' : 'found').padEnd(19)}${[...created, ...existing].join(' ')}`,
    );
    return 0;
  },
};

const status: Command = {
  usage: 'status',
  summary: "print each service's state; exit 1 if any does not answer",
  async run(context) {
    const config = resolveConfig(context.options);
    const statuses = await infrastructureStatus(context.options);
    for (const s of statuses) {
      const own = s.ownServerRunning
        ? `  (started by tools/dev from ${path.join(config.dataDir, s.service)})`
        : '';
      const detail = s.probe.state === 'up' ? '' : `  ${s.probe.detail}`;
      context.out(`${s.service.padEnd(10)}${s.probe.state.padEnd(19)}${s.endpoint}${detail}${own}`);
    }
    return statuses.every((s) => s.probe.state === 'up') ? 0 : 1;
  },
};

const createdb: Command = {
  usage: 'createdb <name>',
  summary: 'create a database unless it exists',
  async run(context) {
    const name = oneName(context, this.usage);
    context.out(
      `${(await createDatabaseAt(name, resolveConfig(context.options).postgres)) ? 'created' : 'exists'} ${name}`,
    );
    return 0;
  },
};

const dropdb: Command = {
  usage: 'dropdb <name>',
  summary: 'drop a database if it exists, ending its sessions',
  async run(context) {
    const name = oneName(context, this.usage);
    context.out(
      `${(await dropDatabaseAt(name, resolveConfig(context.options).postgres)) ? 'dropped' : 'absent'} ${name}`,
    );
    return 0;
  },
};

const stop: Command = {
  usage: 'stop',
  summary: 'stop the servers this tool started under the data folder (never the ones it found)',
  async run(context) {
    const config = resolveConfig(context.options);
    for (const { service, result } of await stopInfrastructure(context.options)) {
      context.out(`${service.padEnd(10)}${result.padEnd(19)}${path.join(config.dataDir, service)}`);
    }
    return 0;
  },
};

/** Command name -> handler. To add one, write it in its own module and list it here. */
export const commands: Record<string, Command> = { up, status, createdb, dropdb, stop, start };
