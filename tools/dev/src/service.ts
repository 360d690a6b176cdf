/** What a probe saw at a service's address. */
export type ProbeResult =
  | { state: 'up'; detail?: string }
  /** Nothing listens there. */
  | { state: 'down'; detail: string }
  /** Something answers but cannot be used as is (JetStream off, auth refused, another protocol). */
  | { state: 'unusable'; detail: string };

export type ServiceId = 'postgres' | 'redis' | 'nats';

/** How to tell a person to get a missing server. */
export interface ServiceInfo {
  id: ServiceId;
  title: string;
  endpoint: string;
  aptPackage: string;
  /** The executables looked for, and where. */
  binaries: string;
  downloadUrl: string;
  /** The variables that point this tool at another server. */
  envHint: string;
}

/** One service as {@link ensureInfrastructure} drives it; each of postgres.ts, redis.ts and nats.ts makes one. */
export interface ServiceDriver {
  readonly info: ServiceInfo;
  /** True when the address is on this machine, so a server may be started for it. */
  readonly local: boolean;
  probe(): Promise<ProbeResult>;
  /** True when the server's binaries are on this machine. */
  installed(): boolean;
  /** Starts the installed server with its data under `<dataDir>/<id>/` and waits until it answers; returns a detail. */
  start(): Promise<string>;
  /** Stops the server that this tool started under `<dataDir>/<id>/`, if it runs. */
  stop(): Promise<'stopped' | 'not running'>;
  /** True when a server this tool started under `<dataDir>/<id>/` runs. */
  ownServerRunning(): Promise<boolean>;
  /** Called after apt-get installed the package and the probe still fails (e.g. a packaged server with other auth). */
  afterInstall?(probe: ProbeResult): Promise<void>;
}

export type ServiceAction = 'found' | 'started' | 'installed' | 'installed+started';

export interface ServiceReport {
  service: ServiceId;
  action: ServiceAction;
  endpoint: string;
  detail?: string;
}

export function formatReport(report: ServiceReport): string {
  return `${report.service.padEnd(10)}${report.action.padEnd(19)}${report.endpoint}${report.detail ? `  (${report.detail})` : ''}`;
}
