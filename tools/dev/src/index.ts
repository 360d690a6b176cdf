import { type DevOptions, resolveConfig } from './config';
import { createDatabaseAt, dropDatabaseAt } from './postgres';

export { type AptProgram, aptInstall, ensureAptProgram, findAptGet } from './apt';
export { type DevConfig, type DevOptions, type PostgresTarget, resolveConfig } from './config';
export { ConfigError, InfrastructureError } from './errors/infrastructure.error';
export {
  ensureInfrastructure,
  infrastructureStatus,
  stopInfrastructure,
  type Infrastructure,
  type ServiceStatus,
} from './infrastructure';
export { SERVICE_DATABASES, ensureServiceDatabases } from './postgres';
export { uniqueName } from './names';
export { type ServiceReport, type ServiceId } from './service';

/** Creates database `name` unless it exists (true when created now), on the server of `options` / env / defaults. */
export function createDatabase(name: string, options: DevOptions = {}): Promise<boolean> {
  return createDatabaseAt(name, resolveConfig(options).postgres);
}

/** Drops database `name` if it exists, ending its sessions (true when it existed). */
export function dropDatabase(name: string, options: DevOptions = {}): Promise<boolean> {
  return dropDatabaseAt(name, resolveConfig(options).postgres);
}
