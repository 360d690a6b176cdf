import { Helm, type K8sObject } from './helm';

/**
 * The chart's second part (issue 12): every rendered object checked against the Kubernetes schemas
 * (kubernetes-models), the migration hook Jobs, the `helm test` Pod, the gateway's gRPC Service and
 * matching shards.
 */

/** Kinds the chart renders that are not Kubernetes built-ins: their CRDs' schemas are not in kubernetes-models. */
const CUSTOM_KINDS = new Set([
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
]);

function validateAgainstKubernetesSchema(object: K8sObject): void {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const modulePath = `kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- one model class per apiVersion/kind
  const models = require(modulePath) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = models[object.kind];
  if (!Model) throw new Error(`${modulePath} exports no ${object.kind}`);
  new Model(object).validate();
}

type Env = { name: string; value?: string; valueFrom?: Record<string, Record<string, unknown>> }[];
interface Container {
  name: string;
  image: string;
  command?: string[];
  env: Env;
  ports?: { name: string; containerPort: number }[];
  securityContext: Record<string, unknown>;
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  restartPolicy?: string;
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  securityContext: Record<string, unknown>;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  affinity?: {
    podAntiAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: {
        labelSelector: { matchLabels: Record<string, string> };
      }[];
    };
  };
}
type Workload = K8sObject & {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
};
type Policy = K8sObject & {
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    ingress?: { from?: Record<string, unknown>[]; ports: { port: number | string }[] }[];
    egress?: { to: Record<string, unknown>[]; ports: { port: number | string; protocol: string }[] }[];
  };
};

const of = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const byName = <T extends K8sObject>(objects: K8sObject[], kind: string, name: string): T => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(
      `no ${kind} ${name} in [${of(objects, kind)
        .map((o) => o.metadata.name)
        .join(', ')}]`,
    );
  return found as T;
};
const envOf = (c: Container) => Object.fromEntries(c.env.map((e) => [e.name, e]));
const hookOf = (o: K8sObject) => o.metadata.annotations?.['helm.sh/hook'];

const SHARDS = [
  'services.matching.shards[0].name=majors',
  'services.matching.shards[0].markets={BTC-USDT,ETH-USDT}',
  'services.matching.shards[1].name=alts',
  'services.matching.shards[1].markets={SOL-USDT,SOL-USDC}',
];

describe('charts/exchange: hooks, gRPC, shards and the Kubernetes schemas', () => {
  let helm: Helm;
  const rendered: Record<string, K8sObject[]> = {};
  const RENDERINGS: Record<string, { files: string[]; sets: string[] }> = {
    default: { files: [], sets: [] },
    dev: { files: ['values-dev.yaml'], sets: [] },
    production: { files: ['values-eks-production.yaml'], sets: [] },
    'production with two matching shards': { files: ['values-eks-production.yaml'], sets: SHARDS },
    'dev with the migration hook': { files: ['values-dev.yaml'], sets: ['migrations.hook.enabled=true'] },
    'default without gRPC, helm test and the hook': {
      files: [],
      sets: [
        'services.gateway.grpc.enabled=false',
        'helmTest.enabled=false',
        'migrations.hook.enabled=false',
      ],
    },
  };

  beforeAll(() => {
    helm = new Helm();
    for (const [name, { files, sets }] of Object.entries(RENDERINGS))
      rendered[name] = helm.template(files, sets);
  });
  afterAll(() => helm?.cleanUp());

  describe.each(Object.keys(RENDERINGS))('rendered with the %s values', (name) => {
    it('gives only objects that validate against the Kubernetes schemas of their kind', () => {
      const objects = rendered[name] ?? [];
      expect(objects.length).toBeGreaterThan(10);
      const checked: string[] = [];
      for (const object of objects) {
        const kind = `${object.apiVersion}/${object.kind}`;
        if (CUSTOM_KINDS.has(kind)) continue;
        try {
          validateAgainstKubernetesSchema(object);
        } catch (error) {
          throw new Error(`${object.kind} ${object.metadata.name}: ${(error as Error).message}`);
        }
        checked.push(object.kind);
      }
      expect(checked).toEqual(
        expect.arrayContaining(
          ['Deployment', 'Service', 'NetworkPolicy'].filter((k) => objects.some((o) => o.kind === k)),
        ),
      );
    });
  });

  it('catches what the schemas forbid (the check itself can fail)', () => {
    const service = byName<K8sObject & { spec: { ports: { port: unknown }[] } }>(
      rendered['default'] ?? [],
      'Service',
      'exchange-gateway',
    );
    const broken = {
      ...service,
      spec: { ...service.spec, ports: [{ ...service.spec.ports[0], port: 'eighty' }] },
    };
    expect(() => validateAgainstKubernetesSchema(broken)).toThrow(/port must be integer/);
  });

  describe('migration hook', () => {
    const objects = () => rendered['production'] ?? [];

    it('runs one pre-install/pre-upgrade Job per service with a database, with its image and DATABASE_URL', () => {
      const jobs = of(objects(), 'Job') as Workload[];
      expect(jobs.map((j) => j.metadata.name).sort()).toEqual([
        'exchange-market-data-migrate',
        'exchange-matching-migrate',
        'exchange-users-migrate',
        'exchange-wallet-migrate',
      ]);
      for (const job of jobs) {
        const svc = job.metadata.labels?.['exchange.dev/migrates'] ?? '';
        expect(job.metadata.annotations).toMatchObject({
          'helm.sh/hook': 'pre-install,pre-upgrade',
          'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
        });
        const pod = job.spec.template.spec;
        expect(pod.restartPolicy).toBe('Never');
        expect(pod.automountServiceAccountToken).toBe(false);
        // The release's ServiceAccount is an ordinary object: it does not exist yet at pre-install.
        expect(pod.serviceAccountName).toBeUndefined();
        const [c] = pod.containers as [Container];
        const deployment = byName<Workload>(objects(), 'Deployment', `exchange-${svc}`);
        const serviceContainer = deployment.spec.template.spec.containers[0] as Container;
        expect(c.image).toBe(serviceContainer.image);
        expect(c.command).toEqual([
          '/usr/bin/tini',
          '--',
          'node',
          'tools/run.cjs',
          'deploy/docker/migrate.ts',
          svc,
        ]);
        expect(envOf(c)['DATABASE_URL']?.valueFrom).toEqual(
          envOf(serviceContainer)['DATABASE_URL']?.valueFrom,
        );
        expect(c.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        });
        expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
        expect(envOf(serviceContainer)['DATABASE_MIGRATIONS_RUN']?.value).toBe('false');
      }
    });

    it('lets the Jobs reach DNS and PostgreSQL only, through a policy that exists before them', () => {
      const policy = byName<Policy>(objects(), 'NetworkPolicy', 'exchange-migrate');
      expect(hookOf(policy)).toBe('pre-install,pre-upgrade');
      expect(Number(policy.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(0);
      expect(policy.spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe('migrate');
      expect(policy.spec.ingress).toBeUndefined();
      expect((policy.spec.egress ?? []).flatMap((r) => r.ports.map((p) => p.port))).toEqual([53, 53, 5432]);
      const job = of(objects(), 'Job')[0] as Workload;
      expect(job.spec.template.metadata.labels).toMatchObject(policy.spec.podSelector.matchLabels);
    });

    it('makes the dev Secret a hook that comes first, so that the Jobs can read it', () => {
      const objects = rendered['dev with the migration hook'] ?? [];
      const [secret] = of(objects, 'Secret');
      expect(hookOf(secret as K8sObject)).toBe('pre-install,pre-upgrade');
      expect(Number(secret?.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(0);
      expect(of(objects, 'Job')).toHaveLength(4);
      // Dev without the hook: the pods migrate, the Secret is an ordinary object.
      expect(of(rendered['dev'] ?? [], 'Job')).toEqual([]);
      expect(hookOf(of(rendered['dev'] ?? [], 'Secret')[0] as K8sObject)).toBeUndefined();
    });

    it('leaves migrations to the pods when the hook is off', () => {
      const objects = rendered['default without gRPC, helm test and the hook'] ?? [];
      expect(of(objects, 'Job')).toEqual([]);
      const wallet = byName<Workload>(objects, 'Deployment', 'exchange-wallet').spec.template.spec
        .containers[0];
      expect(envOf(wallet as Container)['DATABASE_MIGRATIONS_RUN']?.value).toBe('true');
    });
  });

  describe('helm test', () => {
    const objects = () => rendered['production'] ?? [];

    it('places and cancels an order through the gateway Service with the test account from its Secret', () => {
      const pod = byName<K8sObject & { spec: PodSpec }>(objects(), 'Pod', 'exchange-test-order');
      expect(hookOf(pod)).toBe('test');
      expect(pod.spec.restartPolicy).toBe('Never');
      const [c] = pod.spec.containers as [Container];
      const gateway = byName<Workload>(objects(), 'Deployment', 'exchange-gateway').spec.template.spec
        .containers[0];
      expect(c.image).toBe(gateway?.image);
      expect(c.command).toEqual([
        '/usr/bin/tini',
        '--',
        'node',
        'tools/run.cjs',
        'deploy/docker/smoke-order.ts',
      ]);
      const env = envOf(c);
      expect(env['GATEWAY_URL']?.value).toBe('http://exchange-gateway.exchange.svc:8080');
      expect(env['SMOKE_API_KEY']?.valueFrom).toEqual({
        secretKeyRef: { name: 'exchange-smoke-test', key: 'API_KEY' },
      });
      expect(env['SMOKE_API_SECRET']?.valueFrom).toEqual({
        secretKeyRef: { name: 'exchange-smoke-test', key: 'API_SECRET' },
      });
      expect(env['SMOKE_PRICE']?.value).toBe('1000');
      expect(env['SMOKE_QUANTITY']?.value).toBe('0.01');
      expect(c.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true });
    });

    it("lets the test Pod reach the gateway's HTTP port and DNS only, and the gateway let it in", () => {
      const policy = byName<Policy>(objects(), 'NetworkPolicy', 'exchange-helm-test');
      expect(policy.spec.egress?.map((r) => r.ports.map((p) => p.port))).toEqual([[53, 53], ['http']]);
      const gatewayPolicy = byName<Policy>(objects(), 'NetworkPolicy', 'exchange-gateway');
      expect(gatewayPolicy.spec.ingress).toContainEqual({
        from: [{ podSelector: { matchLabels: policy.spec.podSelector.matchLabels } }],
        ports: [{ port: 'http', protocol: 'TCP' }],
      });
    });

    it('refuses a price that is not a decimal string, and an enabled test without its Secret', () => {
      const result = helm.run(helm.templateArgs([], ['helmTest.price=1e3']));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('/helmTest/price');
      const noSecret = helm.run(helm.templateArgs([], ['helmTest.existingSecret=null']));
      expect(noSecret.status).not.toBe(0);
      expect(noSecret.stderr).toContain("at '/helmTest': missing property 'existingSecret'");
    });
  });

  describe("the gateway's gRPC API", () => {
    const objects = () => rendered['production'] ?? [];

    it('is a LoadBalancer Service for an AWS NLB on the container port the gateway listens on (GRPC_PORT)', () => {
      const service = byName<K8sObject & { spec: Record<string, unknown> }>(
        objects(),
        'Service',
        'exchange-gateway-grpc',
      );
      expect(service.spec).toMatchObject({
        type: 'LoadBalancer',
        loadBalancerClass: 'service.k8s.aws/nlb',
        ports: [{ name: 'grpc', port: 443, targetPort: 'grpc', protocol: 'TCP', appProtocol: 'grpc' }],
      });
      expect(service.metadata.annotations).toMatchObject({
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      });
      const gateway = byName<Workload>(objects(), 'Deployment', 'exchange-gateway');
      expect(service.spec['selector']).toEqual(gateway.spec.selector.matchLabels);
      const c = gateway.spec.template.spec.containers[0] as Container;
      expect(c.ports).toContainEqual(expect.objectContaining({ name: 'grpc', containerPort: 9090 }));
      expect(envOf(c)['GRPC_PORT']?.value).toBe('9090');
      expect(envOf(c)['GRPC_HOST']?.value).toBe('0.0.0.0');
    });

    it('ends TLS at the NLB in production with an ACM certificate and HTTP/2 (ALPN) towards the clients', () => {
      const service = byName<K8sObject & { spec: { ports: { port: number; targetPort: string }[] } }>(
        objects(),
        'Service',
        'exchange-gateway-grpc',
      );
      expect(service.metadata.annotations).toMatchObject({
        'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': expect.stringMatching(/^arn:aws:acm:/),
        'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': 'grpc',
        'service.beta.kubernetes.io/aws-load-balancer-alpn-policy': 'HTTP2Only',
      });
      expect(service.spec.ports).toEqual([expect.objectContaining({ port: 443, targetPort: 'grpc' })]);
    });

    it("lets gRPC clients in on the gateway's grpc port only", () => {
      const policy = byName<Policy>(objects(), 'NetworkPolicy', 'exchange-gateway');
      expect(policy.spec.ingress).toContainEqual({
        from: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
        ports: [{ port: 'grpc', protocol: 'TCP' }],
      });
    });

    it('is a ClusterIP Service in dev, and gone with its port, env and policy rule when disabled', () => {
      expect(
        byName<K8sObject & { spec: { type: string } }>(
          rendered['dev'] ?? [],
          'Service',
          'exchange-gateway-grpc',
        ).spec.type,
      ).toBe('ClusterIP');
      const off = rendered['default without gRPC, helm test and the hook'] ?? [];
      expect(off.find((o) => o.metadata.name === 'exchange-gateway-grpc')).toBeUndefined();
      const c = byName<Workload>(off, 'Deployment', 'exchange-gateway').spec.template.spec
        .containers[0] as Container;
      expect(c.ports?.map((p) => p.name)).toEqual(['http']);
      expect(envOf(c)['GRPC_PORT']).toBeUndefined();
      expect(envOf(c)['GRPC_HOST']).toBeUndefined();
      expect(byName<Policy>(off, 'NetworkPolicy', 'exchange-gateway').spec.ingress).toHaveLength(2);
      expect(off.find((o) => o.kind === 'Pod')).toBeUndefined();
    });
  });

  describe('matching shards', () => {
    const objects = () => rendered['production with two matching shards'] ?? [];

    it('keeps the single default shard as one Deployment exchange-matching for all markets', () => {
      for (const name of ['default', 'production']) {
        const all = of(rendered[name] ?? [], 'Deployment').filter(
          (d) => d.metadata.labels?.['app.kubernetes.io/component'] === 'matching',
        ) as Workload[];
        expect(all.map((d) => d.metadata.name)).toEqual(['exchange-matching']);
        const [d] = all as [Workload];
        expect(d.spec.selector.matchLabels['exchange.dev/shard']).toBeUndefined();
        const env = envOf(d.spec.template.spec.containers[0] as Container);
        expect(env['MATCHING_SHARD']?.value).toBe('main');
        expect(env['MATCHING_MARKETS']).toBeUndefined();
      }
    });

    it('renders one leader+standby Deployment per shard with its markets, each placed like the single one', () => {
      const single = byName<Workload>(rendered['production'] ?? [], 'Deployment', 'exchange-matching');
      const shards = of(objects(), 'Deployment').filter(
        (d) => d.metadata.labels?.['app.kubernetes.io/component'] === 'matching',
      ) as Workload[];
      expect(shards.map((d) => d.metadata.name).sort()).toEqual([
        'exchange-matching-alts',
        'exchange-matching-majors',
      ]);
      const markets: Record<string, string> = { majors: 'BTC-USDT,ETH-USDT', alts: 'SOL-USDT,SOL-USDC' };
      for (const d of shards) {
        const shard = d.metadata.name.replace('exchange-matching-', '');
        expect(d.spec.replicas).toBe(2);
        expect(d.spec.selector.matchLabels).toEqual({
          ...single.spec.selector.matchLabels,
          'exchange.dev/shard': shard,
        });
        expect(d.spec.template.metadata.labels).toMatchObject(d.spec.selector.matchLabels);
        const pod = d.spec.template.spec;
        const c = pod.containers[0] as Container;
        const env = envOf(c);
        expect(env['MATCHING_SHARD']?.value).toBe(shard);
        expect(env['MATCHING_MARKETS']?.value).toBe(markets[shard]);
        expect(env['MATCHING_INSTANCE_ID']?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
        expect(c.env.filter((e) => e.name === 'MATCHING_SHARD')).toHaveLength(1);
        // Leader and standby of a shard on different nodes; shards may share nodes.
        expect(
          pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0]?.labelSelector,
        ).toEqual({
          matchLabels: d.spec.selector.matchLabels,
        });
        const singlePod = single.spec.template.spec;
        expect(pod.nodeSelector).toEqual(singlePod.nodeSelector);
        expect(pod.tolerations).toEqual(singlePod.tolerations);
        expect((pod.affinity as Record<string, unknown>)['nodeAffinity']).toEqual(
          (singlePod.affinity as Record<string, unknown>)['nodeAffinity'],
        );
        expect(c.image).toBe((singlePod.containers[0] as Container).image);
      }
    });

    it('gives each shard its own PodDisruptionBudget and keeps one Service and policy for all shards', () => {
      const pdbs = of(objects(), 'PodDisruptionBudget').filter(
        (p) => p.metadata.labels?.['app.kubernetes.io/component'] === 'matching',
      ) as (K8sObject & {
        spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } };
      })[];
      expect(pdbs.map((p) => p.metadata.name).sort()).toEqual([
        'exchange-matching-alts',
        'exchange-matching-majors',
      ]);
      for (const pdb of pdbs) {
        expect(pdb.spec.minAvailable).toBe(1);
        expect(pdb.spec.selector).toEqual(
          byName<Workload>(objects(), 'Deployment', pdb.metadata.name).spec.selector,
        );
      }
      const service = byName<K8sObject & { spec: { selector: Record<string, string> } }>(
        objects(),
        'Service',
        'exchange-matching',
      );
      expect(service.spec.selector['exchange.dev/shard']).toBeUndefined();
      expect(
        byName<Policy>(objects(), 'NetworkPolicy', 'exchange-matching').spec.podSelector.matchLabels[
          'exchange.dev/shard'
        ],
      ).toBeUndefined();
    });

    it.each([
      [
        'a market in two shards',
        [
          'services.matching.shards[0].name=a',
          'services.matching.shards[0].markets={BTC-USDT}',
          'services.matching.shards[1].name=b',
          'services.matching.shards[1].markets={BTC-USDT}',
        ],
        'market BTC-USDT is in shards "a" and "b"',
      ],
      [
        'a shard name MATCHING_SHARD refuses',
        ['services.matching.shards[0].name=Majors', 'services.matching.shards[0].markets={BTC-USDT}'],
        '/services/matching/shards/0/name',
      ],
      ['a shard without markets', ['services.matching.shards[0].name=a'], 'markets'],
      [
        'shards on another service',
        ['services.wallet.shards[0].name=a', 'services.wallet.shards[0].markets={BTC-USDT}'],
        'services.wallet.shards: only matching is sharded',
      ],
    ])('refuses %s', (_name, sets, message) => {
      const result = helm.run(helm.templateArgs(['values-eks-production.yaml'], sets));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(message);
    });
  });
});
