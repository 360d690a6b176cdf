import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

import { Node as NodeModel } from 'kubernetes-models/v1/Node';
import { Pod as PodModel } from 'kubernetes-models/v1/Pod';
import { connect, type NatsConnection } from 'nats';

import { matchingLeaseKey } from '@exchange/shared-contracts';

import { runCli } from '../src/cli';
import { LEASE_BUCKET } from '../src/kube/leases';
import { FakeKubeApi, fixture } from './kube-api-server';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const prefix = `t_ctlkube_${process.pid}_${randomBytes(3).toString('hex')}`;

const GENERAL = 'ip-10-0-1-5.eu-west-1.compute.internal';
const C7I = 'ip-10-0-2-17.eu-west-1.compute.internal';
const C6I = 'ip-10-0-3-29.eu-west-1.compute.internal';
const LEADER = 'exchange-matching-5d7f8c9b6-4kq2p';
const STANDBY = 'exchange-matching-5d7f8c9b6-9zt8w';

async function ctl(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('exchangectl cluster status / verify-placement (against a local server answering like the Kubernetes API)', () => {
  const api = new FakeKubeApi();
  let nc: NatsConnection;
  let base: string[];

  beforeAll(async () => {
    await api.start();
    nc = await connect({ servers: NATS_URL });
    // The matching service's lease bucket under this run's prefix, keyed as apps/matching writes it (the key is
    // checked against a real matching process in exchangectl.spec.ts).
    const kv = await nc.jetstream().views.kv(`${prefix}${LEASE_BUCKET}`, { history: 1 });
    await kv.put(
      matchingLeaseKey('main'),
      new TextEncoder().encode(JSON.stringify({ holder: LEADER, at: Date.now() })),
    );
    base = ['--kube', api.url, '--nats', NATS_URL, '--prefix', prefix];
  });
  afterAll(async () => {
    await api.stop();
    if (nc) {
      const jsm = await nc.jetstreamManager();
      for (const bucket of [`${prefix}${LEASE_BUCKET}`, `${prefix}x${LEASE_BUCKET}`]) {
        await jsm.streams.delete(`KV_${bucket}`).catch(() => false);
      }
      await nc.close();
    }
  });
  beforeEach(() => {
    api.requests.length = 0;
    api.scenario = { pods: { fixture: 'pods-healthy' }, nodes: [GENERAL, C7I, C6I] };
  });

  it('serves objects that are valid Kubernetes Pods and Nodes (the recorded shapes are real ones)', () => {
    for (const name of ['pods-healthy', 'pods-misplaced']) {
      for (const pod of fixture<{ items: unknown[] }>(name).items) new PodModel(pod as PodModel).validate();
    }
    for (const node of [GENERAL, C7I, C6I]) new NodeModel(fixture(`node-${node}`) as NodeModel).validate();
  });

  it('lists the pods with their nodes, instance types and the matching leader, and exits 0 when all is well', async () => {
    const result = await ctl(['cluster', 'status', ...base]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines.find((l) => l.includes(LEADER))).toMatch(
      /matching\s+exchange-matching-\S+\s+yes\s+Running\s+0\s+\S+\s+c7i\.2xlarge\s+Guaranteed\s+leader \(main\)/,
    );
    expect(lines.find((l) => l.includes(STANDBY))).toMatch(/c6i\.2xlarge\s+Guaranteed\s+standby \(main\)/);
    expect(lines.find((l) => l.startsWith('gateway'))).toMatch(/m7i\.xlarge\s+Burstable/);
    expect(result.out).toMatch(/SHARD\s+LEADER\nmain\s+exchange-matching-5d7f8c9b6-4kq2p/);
    // The calls it made: one pod list by the release's labels, one GET per node.
    expect(api.requests[0]).toMatchObject({
      path: '/api/v1/namespaces/exchange/pods',
      query: { labelSelector: 'app.kubernetes.io/name=exchange,app.kubernetes.io/instance=exchange' },
    });
    expect(
      api.requests
        .slice(1)
        .map((r) => r.path)
        .sort(),
    ).toEqual([C6I, C7I, GENERAL].map((n) => `/api/v1/nodes/${n}`).sort());
  });

  it('answers the same as JSON', async () => {
    const result = await ctl(['cluster', 'status', ...base, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as {
      ok: boolean;
      pods: { pod: string; ready: boolean; instanceType: string; role: string }[];
      nodes: { node: string; computeOptimised: boolean }[];
      leaders: { shard: string; leader: string; leaderIsAPod: boolean }[];
    };
    expect(report.ok).toBe(true);
    expect(report.leaders).toEqual([{ shard: 'main', leader: LEADER, leaderIsAPod: true }]);
    expect(
      report.nodes
        .filter((n) => n.computeOptimised)
        .map((n) => n.node)
        .sort(),
    ).toEqual([C7I, C6I].sort());
  });

  it('exits 1 and says so when a pod is not ready or a shard has no leader', async () => {
    api.scenario.pods = { fixture: 'pods-misplaced' };
    const notReady = await ctl(['cluster', 'status', ...base]);
    expect(notReady.code).toBe(1);
    expect(notReady.err).toContain('pod exchange-matching-5d7f8c9b6-m7bad is not ready (Running)');

    api.scenario.pods = { fixture: 'pods-healthy' };
    const otherPrefix = await ctl([
      'cluster',
      'status',
      '--kube',
      api.url,
      '--nats',
      NATS_URL,
      '--prefix',
      `${prefix}x`,
    ]);
    expect(otherPrefix.code).toBe(1);
    expect(otherPrefix.err).toMatch(
      `matching leaders unknown: no lease bucket ${prefix}x${LEASE_BUCKET} in NATS`,
    );
  });

  it('reads no leases with --skip-leaders and reports NATS being unreachable otherwise', async () => {
    const skipped = await ctl(['cluster', 'status', '--kube', api.url, '--skip-leaders']);
    expect(skipped.code).toBe(0);
    expect(skipped.out).toContain('matching leaders: not read (--skip-leaders)');
    const port = await closedPort();
    const noNats = await ctl(['cluster', 'status', '--kube', api.url, '--nats', `nats://127.0.0.1:${port}`]);
    expect(noNats.code).toBe(1);
    expect(noNats.err).toContain(
      `matching leaders unknown: cannot connect to NATS at nats://127.0.0.1:${port}`,
    );
  });

  it('passes verify-placement when every matching pod is Guaranteed on a c-family node', async () => {
    const result = await ctl(['verify-placement', '--kube', api.url]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`${LEADER}\\s+${C7I}\\s+c7i\\.2xlarge\\s+Guaranteed\\s+ok`));
    // Only the matching pods' nodes are looked up.
    expect(
      api.requests
        .filter((r) => r.path.startsWith('/api/v1/nodes/'))
        .map((r) => r.path)
        .sort(),
    ).toEqual([C6I, C7I].map((n) => `/api/v1/nodes/${n}`).sort());
  });

  it('fails verify-placement for a matching pod on a general node without Guaranteed QoS', async () => {
    api.scenario.pods = { fixture: 'pods-misplaced' };
    const result = await ctl(['cluster', 'verify-placement', '--kube', api.url, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as {
      ok: boolean;
      pods: { pod: string; ok: boolean; failures: string[] }[];
    };
    expect(report.ok).toBe(false);
    expect(report.pods.find((p) => p.pod === 'exchange-matching-5d7f8c9b6-4kq2p')?.ok).toBe(true);
    expect(report.pods.find((p) => p.pod === 'exchange-matching-5d7f8c9b6-m7bad')?.failures).toEqual([
      `node ${GENERAL} is m7i.xlarge, not compute-optimised (c-family)`,
      'QoS Burstable, not Guaranteed',
      'CPU request is not a whole number of CPUs',
    ]);
  });

  it('fails with a clear message when no cluster answers', async () => {
    const port = await closedPort();
    const result = await ctl(['cluster', 'status', '--kube', `http://127.0.0.1:${port}`]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`cannot reach the Kubernetes API at http://127.0.0.1:${port}: ECONNREFUSED`);
    expect(result.err).toContain('kubectl proxy');
  });

  it("passes the API's own reason on a 403, with what RBAC exchangectl needs", async () => {
    api.scenario.pods = { fixture: 'status-403-pods', status: 403 };
    const result = await ctl(['verify-placement', '--kube', api.url]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'Forbidden: pods is forbidden: User "system:serviceaccount:ops:exchangectl" cannot list',
    );
    expect(result.err).toContain('needs get/list on pods and get on nodes');
  });

  it('sends the bearer token when given one, and says when the API refuses it', async () => {
    api.scenario.token = 'sa-token';
    const withToken = await ctl(['verify-placement', '--kube', api.url], { KUBE_TOKEN: 'sa-token' });
    expect(withToken.code).toBe(0);
    expect(api.requests.every((r) => r.authorization === 'Bearer sa-token')).toBe(true);
    const wrong = await ctl(['verify-placement', '--kube', api.url, '--kube-token', 'stale']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('Unauthorized: Unauthorized (the token is missing or expired)');
  });

  it('fails when the release has no pods, or a matching pod’s node is gone', async () => {
    api.scenario.pods = { fixture: 'pods-empty' };
    const none = await ctl(['cluster', 'status', '--kube', api.url, '-n', 'trading', '--release', 'ex2']);
    expect(none.code).toBe(1);
    expect(none.err).toContain('no pods of release "ex2" in namespace "trading"');
    expect(api.requests.at(-1)).toMatchObject({
      path: '/api/v1/namespaces/trading/pods',
      query: { labelSelector: 'app.kubernetes.io/name=exchange,app.kubernetes.io/instance=ex2' },
    });

    api.scenario = { pods: { fixture: 'pods-healthy' }, nodes: [GENERAL, C7I] };
    const gone = await ctl(['verify-placement', '--kube', api.url]);
    expect(gone.code).toBe(1);
    expect(gone.out).toContain(`node ${C6I} not found`);
    const status = await ctl(['cluster', 'status', ...base]);
    expect(status.code).toBe(1);
    expect(status.err).toContain(`node ${C6I} is gone from the API`);
  });

  it('refuses bad options with the usage text (exit 2)', async () => {
    expect((await ctl(['cluster', 'status', '--kube', 'localhost:8001'])).code).toBe(2);
    expect((await ctl(['cluster', 'status', '--namespace', 'Bad_NS'])).err).toContain(
      '--namespace must be a Kubernetes name',
    );
    expect((await ctl(['cluster'])).err).toContain('cluster needs status or verify-placement');
  });
});
