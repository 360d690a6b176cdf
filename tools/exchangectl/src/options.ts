import { parseArgs } from 'node:util';

import { SUBJECTS, type ServiceKey } from '@exchange/shared-contracts';

import { type CliIo, UsageError } from './io';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_TIMEOUT_MS = 2_000;
/** `kubectl proxy --port 8001`: it authenticates to the cluster (EKS tokens, client certificates) for us. */
export const DEFAULT_KUBE_URL = 'http://127.0.0.1:8001';
export const DEFAULT_NAMESPACE = 'exchange';
export const DEFAULT_RELEASE = 'exchange';

/** Service names as operators type them (`market-data`), mapped to the contracts' keys. */
export const SERVICE_NAMES: Record<string, ServiceKey> = {
  gateway: 'gateway',
  users: 'users',
  wallet: 'wallet',
  matching: 'matching',
  'market-data': 'marketData',
};

export interface GlobalOptions {
  natsUrl: string;
  prefix: string;
  timeoutMs: number;
  json: boolean;
  url?: string;
  services: ServiceKey[];
  commandId?: string;
  /** market: publish even when no matching writer has ever read the market's subject. */
  force: boolean;
  /** market: publish the status command straight to the engine, leaving the wallet's market table as it is. */
  engineOnly: boolean;
  /** snapshot: the matching shard that writes the market (default main). */
  shard?: string;
  /** withdrawals: who decides (recorded), why (reject), how many to list. */
  operator?: string;
  reason?: string;
  limit?: number;
  /** cluster: the Kubernetes API (env KUBE_API_URL), a bearer token (env KUBE_TOKEN), where the release is. */
  kubeUrl: string;
  kubeToken?: string;
  namespace: string;
  release: string;
  skipLeaders: boolean;
}

export interface ParsedCommand {
  positionals: string[];
  options: GlobalOptions;
}

/** Parses argv (after the script) into positionals and options; environment defaults: NATS_URL, NATS_STREAM_PREFIX. */
export function parseCommandLine(argv: readonly string[], env: CliIo['env']): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        nats: { type: 'string' },
        prefix: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean', default: false },
        url: { type: 'string' },
        service: { type: 'string', multiple: true },
        'command-id': { type: 'string' },
        shard: { type: 'string' },
        force: { type: 'boolean', default: false },
        'engine-only': { type: 'boolean', default: false },
        operator: { type: 'string' },
        reason: { type: 'string' },
        limit: { type: 'string' },
        kube: { type: 'string' },
        'kube-token': { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        release: { type: 'string' },
        'skip-leaders': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { positionals: ['help'], options: defaults(env) };

  const timeoutMs = values.timeout === undefined ? DEFAULT_TIMEOUT_MS : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(
      `--timeout must be a positive whole number of milliseconds, got ${JSON.stringify(values.timeout)}`,
    );
  }
  const prefix = values.prefix ?? env.NATS_STREAM_PREFIX ?? '';
  if (!/^[A-Za-z0-9_]*$/.test(prefix)) {
    throw new UsageError(`--prefix may hold letters, digits and _ only, got ${JSON.stringify(prefix)}`);
  }
  const services = (values.service ?? []).map((name) => {
    const key = SERVICE_NAMES[name];
    if (!key)
      throw new UsageError(
        `unknown service ${JSON.stringify(name)}: expected one of ${Object.keys(SERVICE_NAMES).join(', ')}`,
      );
    return key;
  });
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 1000)) {
    throw new UsageError(
      `--limit must be a whole number from 1 to 1000, got ${JSON.stringify(values.limit)}`,
    );
  }
  return {
    positionals,
    options: {
      natsUrl: values.nats ?? env.NATS_URL ?? DEFAULT_NATS_URL,
      prefix,
      timeoutMs,
      json: values.json ?? false,
      url: values.url,
      services: services.length > 0 ? services : (Object.keys(SUBJECTS) as ServiceKey[]),
      commandId: values['command-id'],
      shard: values.shard,
      force: values.force ?? false,
      engineOnly: values['engine-only'] ?? false,
      operator: values.operator,
      reason: values.reason,
      limit,
      ...kubeOptions(values, env),
    },
  };
}

function defaults(env: CliIo['env']): GlobalOptions {
  return {
    natsUrl: env.NATS_URL ?? DEFAULT_NATS_URL,
    prefix: env.NATS_STREAM_PREFIX ?? '',
    timeoutMs: DEFAULT_TIMEOUT_MS,
    json: false,
    force: false,
    engineOnly: false,
    services: Object.keys(SUBJECTS) as ServiceKey[],
    ...kubeOptions({}, env),
  };
}

function kubeOptions(
  values: {
    kube?: string;
    'kube-token'?: string;
    namespace?: string;
    release?: string;
    'skip-leaders'?: boolean;
  },
  env: CliIo['env'],
): Pick<GlobalOptions, 'kubeUrl' | 'kubeToken' | 'namespace' | 'release' | 'skipLeaders'> {
  const kubeUrl = values.kube ?? env.KUBE_API_URL ?? DEFAULT_KUBE_URL;
  if (!/^https?:\/\/[^/]+/.test(kubeUrl)) {
    throw new UsageError(
      `--kube must be an http(s) URL of the Kubernetes API, got ${JSON.stringify(kubeUrl)}`,
    );
  }
  const namespace = values.namespace ?? env.EXCHANGE_NAMESPACE ?? DEFAULT_NAMESPACE;
  const release = values.release ?? env.EXCHANGE_RELEASE ?? DEFAULT_RELEASE;
  for (const [name, value] of [
    ['--namespace', namespace],
    ['--release', release],
  ] as const) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) || value.length > 63) {
      throw new UsageError(
        `${name} must be a Kubernetes name (lower-case letters, digits, -), got ${JSON.stringify(value)}`,
      );
    }
  }
  return {
    kubeUrl,
    kubeToken: values['kube-token'] ?? env.KUBE_TOKEN,
    namespace,
    release,
    skipLeaders: values['skip-leaders'] ?? false,
  };
}
