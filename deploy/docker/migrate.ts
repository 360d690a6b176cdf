// Runs one service's pending schema migrations and exits: the entry point of the chart's migration
// hook Job (charts/exchange/templates/migrations-job.yaml), with the service's own image.
//
//   node tools/run.cjs deploy/docker/migrate.ts <service>      (DATABASE_URL from the environment)
//
// The same TypeORM options as the service (postgresDataSourceOptions: one transaction per migration),
// so the Deployments can run with DATABASE_MIGRATIONS_RUN=false. Exit codes: 0 done (also when
// nothing was pending), 1 the database refused or could not be reached, 2 usage.
import { resolve } from 'node:path';

import { DataSource } from 'typeorm';

import { postgresDataSourceOptions, type PostgresModuleOptions } from '@exchange/shared-data-access-postgres';

const SERVICES_WITH_DATABASE = ['users', 'wallet', 'matching', 'market-data'] as const;
const WORKSPACE = resolve(__dirname, '../..');

function line(record: Record<string, unknown>): string {
  return `${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`;
}

export async function migrate(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const service = argv[0];
  if (!service || !(SERVICES_WITH_DATABASE as readonly string[]).includes(service)) {
    process.stderr.write(
      `usage: migrate.ts <service>  (one of ${SERVICES_WITH_DATABASE.join(', ')}; got ${JSON.stringify(service ?? '')})\n`,
    );
    return 2;
  }
  const url = env['DATABASE_URL'];
  if (!url) {
    process.stderr.write('migrate: DATABASE_URL is not set\n');
    return 2;
  }
  // The service's own migration list, as its AppModule passes it to PostgresModule.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the service is chosen at run time
  const { MIGRATIONS } = require(resolve(WORKSPACE, 'apps', service, 'src/migrations')) as {
    MIGRATIONS: PostgresModuleOptions['migrations'];
  };
  const dataSource = new DataSource(
    postgresDataSourceOptions({
      url,
      entities: [],
      migrations: MIGRATIONS,
      migrationsRun: false,
      poolSize: 1,
      applicationName: `${service}-migrate`,
    }),
  );
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(
      line({
        level: 'info',
        service,
        msg: applied.length === 0 ? 'no pending migrations' : 'migrations applied',
        applied: applied.map((m) => m.name),
      }),
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      line({ level: 'error', service, msg: 'migration failed', err: (error as Error).message }),
    );
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

// Run as a program (tools/run.cjs sets argv[1] to this file), not when a test imports it.
if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  void migrate(process.argv.slice(2), process.env).then((code) => process.exit(code));
}
