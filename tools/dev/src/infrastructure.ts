import { type DevConfig, type DevOptions, type PostgresTarget, resolveConfig } from './config';
import { aptInstall, findAptGet } from './apt';
import { InfrastructureError } from './errors/infrastructure.error';
import { withLock } from './lock';
import { createNatsService } from './nats';
import { failureMessage, choosePlan, type Plan } from './plan';
import { createPostgresService } from './postgres';
import { isRoot } from './process';
import { createRedisService } from './redis';
import { type ProbeResult, type ServiceDriver, type ServiceId, type ServiceReport } from './service';

/** Where the ready infrastructure answers. */
export interface Infrastructure {
  postgres: PostgresTarget;
  redisUrl: string;
  natsUrl: string;
  /** One entry per service: what this call did. */
  reports: ServiceReport[];
}

export function createDrivers(config: DevConfig): ServiceDriver[] {
  return [createPostgresService(config), createRedisService(config), createNatsService(config)];
}

/**
 * Makes PostgreSQL, Redis and NATS+JetStream answer: uses what answers, starts what is installed,
 * installs with apt-get (as root) what is not; throws {@link InfrastructureError} naming everything missing.
 */
export async function ensureInfrastructure(options: DevOptions = {}): Promise<Infrastructure> {
  const config = resolveConfig(options);
  const drivers = createDrivers(config);
  const apt = findAptGet(config.binSearchPath);
  const context = { root: isRoot(), aptGet: apt.path !== undefined };

  const probes = await Promise.all(drivers.map((d) => d.probe()));
  const plans = drivers.map((d, i) =>
    choosePlan({
      probe: probes[i]!,
      installed: d.installed(),
      local: d.local,
      canInstall: apt.canInstall,
    }),
  );
  const failures = drivers.flatMap((d, i) => {
    const plan = plans[i]!;
    return plan.action === 'fail' ? [failureMessage(d.info, plan, probes[i]!, context)] : [];
  });
  if (failures.length > 0) throw new InfrastructureError(failures.join('\n'), failures);

  const toInstall = drivers.filter((_, i) => plans[i]!.action === 'install');
  if (toInstall.length > 0 && apt.path) {
    const aptGet = apt.path;
    await withLock(config.dataDir, 'apt', () =>
      aptInstall(
        aptGet,
        toInstall.map((d) => d.info.aptPackage),
        config.env,
        config.log,
      ),
    );
  }

  const reports = await Promise.all(drivers.map((d, i) => bringUp(config, d, plans[i]!)));
  return { postgres: { ...config.postgres }, redisUrl: config.redisUrl, natsUrl: config.natsUrl, reports };
}

async function bringUp(config: DevConfig, driver: ServiceDriver, plan: Plan): Promise<ServiceReport> {
  const report = (action: ServiceReport['action'], detail?: string): ServiceReport => ({
    service: driver.info.id,
    action,
    endpoint: driver.info.endpoint,
    ...(detail ? { detail } : {}),
  });
  if (plan.action === 'use') return report('found');
  const installed = plan.action === 'install';
  // Under the lock, look again: a parallel run may have started it meanwhile.
  return withLock(config.dataDir, driver.info.id, async () => {
    let probe: ProbeResult = await driver.probe();
    if (probe.state === 'up')
      return report(
        installed ? 'installed' : 'found',
        installed ? 'the package started it' : 'started by a parallel run',
      );
    if (installed && probe.state === 'unusable' && driver.afterInstall) {
      await driver.afterInstall(probe);
      probe = await driver.probe();
    }
    if (probe.state === 'unusable')
      throw new InfrastructureError(
        failureMessage(driver.info, { action: 'fail', reason: 'unusable' }, probe, {
          root: isRoot(),
          aptGet: true,
        }),
      );
    if (!driver.installed()) {
      throw new InfrastructureError(
        `${driver.info.title}: ${driver.info.aptPackage} was installed but ${driver.info.binaries} is still missing`,
      );
    }
    const detail = await driver.start();
    return report(installed ? 'installed+started' : 'started', detail);
  });
}

export interface ServiceStatus {
  service: ServiceId;
  endpoint: string;
  probe: ProbeResult;
  /** A server this tool started under the data folder runs. */
  ownServerRunning: boolean;
}

/** Probes every service without changing anything. */
export async function infrastructureStatus(options: DevOptions = {}): Promise<ServiceStatus[]> {
  const drivers = createDrivers(resolveConfig(options));
  return Promise.all(
    drivers.map(async (d) => ({
      service: d.info.id,
      endpoint: d.info.endpoint,
      probe: await d.probe(),
      ownServerRunning: await d.ownServerRunning(),
    })),
  );
}

/** Stops only the servers this tool started under the data folder; servers it found are left alone. */
export async function stopInfrastructure(
  options: DevOptions = {},
): Promise<{ service: ServiceId; result: 'stopped' | 'not running' }[]> {
  const drivers = createDrivers(resolveConfig(options));
  return Promise.all(drivers.map(async (d) => ({ service: d.info.id, result: await d.stop() })));
}
