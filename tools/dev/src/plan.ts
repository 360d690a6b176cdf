import { type ProbeResult, type ServiceInfo } from './service';

/** What the tool knows about one service before acting. */
export interface PlanInput {
  probe: ProbeResult;
  /** The server's binaries are on this machine. */
  installed: boolean;
  /** The configured address is on this machine. */
  local: boolean;
  /** Running as root with apt-get on the search path. */
  canInstall: boolean;
}

export type Plan =
  | { action: 'use' }
  | { action: 'start' }
  | { action: 'install' }
  | { action: 'fail'; reason: 'unusable' | 'remote' | 'missing' };

/** The branch to take for one service: use it, start it, install then start it, or give up. Pure. */
export function choosePlan(input: PlanInput): Plan {
  if (input.probe.state === 'up') return { action: 'use' };
  if (input.probe.state === 'unusable') return { action: 'fail', reason: 'unusable' };
  if (!input.local) return { action: 'fail', reason: 'remote' };
  if (input.installed) return { action: 'start' };
  if (input.canInstall) return { action: 'install' };
  return { action: 'fail', reason: 'missing' };
}

export interface InstallContext {
  root: boolean;
  aptGet: boolean;
}

/** The message for a failed plan: what is missing, and exactly how to get it. */
export function failureMessage(
  info: ServiceInfo,
  plan: Extract<Plan, { action: 'fail' }>,
  probe: ProbeResult,
  context: InstallContext,
): string {
  const seen = probe.state === 'up' ? '' : probe.detail.replace(/\.+$/, '');
  switch (plan.reason) {
    case 'unusable':
      return `${info.title} at ${info.endpoint} answers but cannot be used: ${seen}. Fix that server, or set ${info.envHint} to one that works.`;
    case 'remote':
      return `${info.title} at ${info.endpoint} does not answer (${seen}), and it is not on this machine, so this tool cannot start it. Start it there, or set ${info.envHint} to a local address.`;
    case 'missing':
      return missingMessage(info, probe, context);
  }
}

export function missingMessage(info: ServiceInfo, probe: ProbeResult, context: InstallContext): string {
  const seen = probe.state === 'up' ? '' : ` (${probe.detail})`;
  const head = `${info.title} does not answer at ${info.endpoint}${seen} and is not installed: no ${info.binaries}.`;
  let how: string;
  if (context.aptGet) {
    how = `Install it with \`${context.root ? '' : 'sudo '}apt-get install -y ${info.aptPackage}\` (run as root, this tool does that itself), then run this command again`;
  } else {
    how = `apt-get is not available here; install the ${info.title} server with this system's package manager (Debian/Ubuntu package: ${info.aptPackage}) or from ${info.downloadUrl}, then run this command again`;
  }
  return `${head} ${how}; or set ${info.envHint} to a running server.`;
}
