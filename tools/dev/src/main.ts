// CLI: `node tools/run.cjs tools/dev/src/main.ts <command> [flags]`. See tools/dev/README.md.
import { parseArgs } from 'node:util';

import { type CommandContext, UsageError, commands } from './commands';
import { type DevOptions } from './config';
import { ConfigError, InfrastructureError } from './errors/infrastructure.error';

const FLAGS = {
  'pg-host': { type: 'string' },
  'pg-port': { type: 'string' },
  'pg-user': { type: 'string' },
  'redis-url': { type: 'string' },
  'nats-url': { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usage(): string {
  const lines = Object.entries(commands).map(([, c]) => `  ${c.usage.padEnd(18)}${c.summary}`);
  return [
    'usage: node tools/run.cjs tools/dev/src/main.ts <command> [flags]',
    '',
    'commands:',
    ...lines,
    '',
    'flags (override the environment): --pg-host --pg-port --pg-user --redis-url --nats-url --data-dir',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage()}\n`);
    return 2;
  }
  const [name, ...args] = parsed.positionals;
  const command = name ? commands[name] : undefined;
  if (parsed.values.help || !command) {
    (parsed.values.help ? process.stdout : process.stderr).write(
      `${name && !command ? `unknown command: ${name}\n\n` : ''}${usage()}\n`,
    );
    return parsed.values.help ? 0 : 2;
  }
  const v = parsed.values;
  const postgres = {
    ...(v['pg-host'] ? { host: v['pg-host'] } : {}),
    ...(v['pg-user'] ? { user: v['pg-user'] } : {}),
  };
  const options: DevOptions = {
    postgres,
    // Through the environment, so a bad port is reported like a bad PGPORT.
    ...(v['pg-port'] ? { env: { ...process.env, PGPORT: v['pg-port'] } } : {}),
    ...(v['redis-url'] ? { redisUrl: v['redis-url'] } : {}),
    ...(v['nats-url'] ? { natsUrl: v['nats-url'] } : {}),
    ...(v['data-dir'] ? { dataDir: v['data-dir'] } : {}),
  };
  const context: CommandContext = {
    args,
    options,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  try {
    return await command.run(context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.err(error.message);
      return 2;
    }
    if (error instanceof InfrastructureError || error instanceof ConfigError) {
      context.err(`tools/dev ${name}: ${error.message}`);
      return 1;
    }
    context.err(`tools/dev ${name}: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
