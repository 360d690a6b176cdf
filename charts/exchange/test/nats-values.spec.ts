import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { CHART, WORKSPACE } from './helm';

/** deploy/nats/values.yaml (for the official NATS chart) against what the exchange chart expects of NATS. */
describe('deploy/nats/values.yaml', () => {
  const values = parse(readFileSync(join(WORKSPACE, 'deploy/nats/values.yaml'), 'utf8')) as {
    config: {
      cluster: { enabled: boolean; replicas: number };
      jetstream: {
        enabled: boolean;
        fileStore: { enabled: boolean; pvc: { enabled: boolean; size: string } };
        memoryStore?: { enabled: boolean };
        merge: Record<string, unknown>;
      };
    };
  };
  const exchange = parse(readFileSync(join(CHART, 'values-eks-production.yaml'), 'utf8')) as {
    nats: { url: string };
    networkPolicy: { nats: { peers: { namespaceSelector: { matchLabels: Record<string, string> } }[] } };
  };

  it('runs JetStream on three clustered servers with persistent file storage', () => {
    expect(values.config.cluster).toMatchObject({ enabled: true, replicas: 3 });
    expect(values.config.jetstream.enabled).toBe(true);
    expect(values.config.jetstream.fileStore).toMatchObject({ enabled: true, pvc: { enabled: true } });
    expect(values.config.jetstream.memoryStore?.enabled).toBe(false);
  });

  it('fsyncs every write before acknowledging it (sync_interval: always)', () => {
    expect(values.config.jetstream.merge['sync_interval']).toBe('always');
  });

  it('is reachable where the exchange chart looks for it (release nats in namespace nats)', () => {
    expect(exchange.nats.url).toBe('nats://nats.nats.svc.cluster.local:4222');
    expect(exchange.networkPolicy.nats.peers[0]?.namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'nats',
    });
  });
});
