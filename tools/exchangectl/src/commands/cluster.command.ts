import { type CliIo, EXIT, UsageError } from '../io';
import {
  component,
  instanceType,
  isComputeOptimised,
  isReady,
  listReleasePods,
  nodesOf,
  type Pod,
  restarts,
  shardOf,
  wholeCpus,
} from '../kube/cluster';
import { KubeClient } from '../kube/kube-client';
import { readLeaders, type ShardLeader } from '../kube/leases';
import { withNats } from '../nats-connection';
import { type GlobalOptions } from '../options';
import { formatTable } from '../table';

function client(options: GlobalOptions): KubeClient {
  return new KubeClient({ baseUrl: options.kubeUrl, token: options.kubeToken, timeoutMs: options.timeoutMs });
}

const selector = (options: GlobalOptions) => ({ namespace: options.namespace, release: options.release });

async function releasePods(options: GlobalOptions, io: CliIo): Promise<Pod[] | null> {
  const pods = await listReleasePods(client(options), selector(options));
  if (pods.length === 0) {
    io.err(
      `exchangectl: no pods of release ${JSON.stringify(options.release)} in namespace ${JSON.stringify(options.namespace)} (labels app.kubernetes.io/name=exchange, app.kubernetes.io/instance=${options.release})`,
    );
    return null;
  }
  return pods;
}

/** `cluster status`: every pod of the release, its node and instance type, and the matching leaders. */
export async function clusterStatusCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const pods = await releasePods(options, io);
  if (!pods) return EXIT.failed;
  const nodes = await nodesOf(client(options), pods);
  const matching = pods.filter((p) => component(p) === 'matching');
  const shards = [...new Set(matching.map(shardOf))].sort();

  let leaders: ShardLeader[] | null = null;
  let leadersProblem: string | undefined;
  if (options.skipLeaders || shards.length === 0) {
    leadersProblem = options.skipLeaders ? 'not read (--skip-leaders)' : undefined;
  } else {
    try {
      leaders = await withNats(options.natsUrl, options.timeoutMs, (nc) =>
        readLeaders(nc, options.prefix, shards),
      );
    } catch (error) {
      leadersProblem = `unknown: ${(error as Error).message}`;
    }
  }
  const leaderOf = new Map((leaders ?? []).map((l) => [l.shard, l.holder]));
  const role = (pod: Pod) => {
    if (component(pod) !== 'matching') return '';
    if (!leaders) return `? (${shardOf(pod)})`;
    return `${leaderOf.get(shardOf(pod)) === pod.metadata.name ? 'leader' : 'standby'} (${shardOf(pod)})`;
  };

  const podRows = pods
    .slice()
    .sort(
      (a, b) => component(a).localeCompare(component(b)) || a.metadata.name.localeCompare(b.metadata.name),
    )
    .map((pod) => ({
      service: component(pod),
      pod: pod.metadata.name,
      ready: isReady(pod),
      phase: pod.status.phase ?? 'Unknown',
      restarts: restarts(pod),
      node: pod.spec.nodeName ?? null,
      instanceType: instanceType(nodes.get(pod.spec.nodeName ?? '')) ?? null,
      qos: pod.status.qosClass ?? null,
      role: role(pod),
    }));
  const nodeRows = [...nodes.entries()].map(([name, node]) => ({
    node: name,
    found: node !== null,
    instanceType: instanceType(node) ?? null,
    computeOptimised: isComputeOptimised(node),
    pods: pods.filter((p) => p.spec.nodeName === name).length,
  }));
  const podNames = new Set(pods.map((p) => p.metadata.name));
  const leaderRows = shards.map((shard) => {
    const holder = leaders ? (leaderOf.get(shard) ?? null) : null;
    return { shard, leader: holder, leaderIsAPod: holder !== null && podNames.has(holder) };
  });

  const problems: string[] = [];
  for (const row of podRows) if (!row.ready) problems.push(`pod ${row.pod} is not ready (${row.phase})`);
  for (const row of nodeRows) if (!row.found) problems.push(`node ${row.node} is gone from the API`);
  if (leadersProblem && !options.skipLeaders) problems.push(`matching leaders ${leadersProblem}`);
  if (leaders) {
    for (const row of leaderRows) {
      if (row.leader === null) problems.push(`matching shard ${row.shard} has no leader`);
      else if (!row.leaderIsAPod)
        problems.push(`matching shard ${row.shard} is led by ${row.leader}, not a pod of the release`);
    }
  }

  if (options.json) {
    io.out(
      JSON.stringify(
        { ok: problems.length === 0, pods: podRows, nodes: nodeRows, leaders: leaderRows, problems },
        null,
        2,
      ),
    );
  } else {
    io.out(
      formatTable(
        ['SERVICE', 'POD', 'READY', 'PHASE', 'RESTARTS', 'NODE', 'INSTANCE TYPE', 'QOS', 'ROLE'],
        podRows.map((r) => [
          r.service,
          r.pod,
          r.ready ? 'yes' : 'no',
          r.phase,
          String(r.restarts),
          r.node ?? '(unscheduled)',
          r.instanceType ?? '-',
          r.qos ?? '-',
          r.role,
        ]),
      ),
    );
    io.out('');
    io.out(
      formatTable(
        ['NODE', 'INSTANCE TYPE', 'COMPUTE-OPTIMISED', 'PODS'],
        nodeRows.map((r) => [
          r.node,
          r.found ? (r.instanceType ?? '-') : '(not found)',
          r.computeOptimised ? 'yes' : 'no',
          String(r.pods),
        ]),
      ),
    );
    if (shards.length > 0) {
      io.out('');
      io.out(
        leaders
          ? formatTable(
              ['SHARD', 'LEADER'],
              leaderRows.map((r) => [r.shard, r.leader ?? '(none)']),
            )
          : `matching leaders: ${leadersProblem ?? 'unknown'}`,
      );
    }
    for (const problem of problems) io.err(`exchangectl: ${problem}`);
  }
  return problems.length === 0 ? EXIT.ok : EXIT.failed;
}

/** `verify-placement`: every matching pod on a compute-optimised node with Guaranteed QoS and whole CPUs. */
export async function verifyPlacementCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const pods = await releasePods(options, io);
  if (!pods) return EXIT.failed;
  const matching = pods.filter((p) => component(p) === 'matching');
  if (matching.length === 0) {
    io.err(
      `exchangectl: the release has no matching pods (component=matching) in namespace ${options.namespace}`,
    );
    return EXIT.failed;
  }
  const nodes = await nodesOf(client(options), matching);
  const rows = matching
    .slice()
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((pod) => {
      const node = pod.spec.nodeName ? nodes.get(pod.spec.nodeName) : undefined;
      const failures: string[] = [];
      if (!pod.spec.nodeName) failures.push('not scheduled on a node');
      else if (node === null) failures.push(`node ${pod.spec.nodeName} not found`);
      else if (!isComputeOptimised(node))
        failures.push(
          `node ${pod.spec.nodeName} is ${instanceType(node) ?? 'of unknown type'}, not compute-optimised (c-family)`,
        );
      if (pod.status.qosClass !== 'Guaranteed')
        failures.push(`QoS ${pod.status.qosClass ?? 'unknown'}, not Guaranteed`);
      if (!wholeCpus(pod)) failures.push('CPU request is not a whole number of CPUs');
      return {
        pod: pod.metadata.name,
        node: pod.spec.nodeName ?? null,
        instanceType: instanceType(node) ?? null,
        qos: pod.status.qosClass ?? null,
        ok: failures.length === 0,
        failures,
      };
    });
  const ok = rows.every((r) => r.ok);
  if (options.json) {
    io.out(JSON.stringify({ ok, pods: rows }, null, 2));
  } else {
    io.out(
      formatTable(
        ['POD', 'NODE', 'INSTANCE TYPE', 'QOS', 'PLACEMENT'],
        rows.map((r) => [
          r.pod,
          r.node ?? '(unscheduled)',
          r.instanceType ?? '-',
          r.qos ?? '-',
          r.ok ? 'ok' : r.failures.join('; '),
        ]),
      ),
    );
    if (!ok)
      io.err(
        `exchangectl: ${rows.filter((r) => !r.ok).length} of ${rows.length} matching pods are misplaced`,
      );
  }
  return ok ? EXIT.ok : EXIT.failed;
}

/** `cluster <sub>`. */
export async function clusterCommand(
  args: readonly string[],
  options: GlobalOptions,
  io: CliIo,
): Promise<number> {
  const [sub, ...extra] = args;
  if (extra.length > 0) throw new UsageError(`cluster ${sub ?? ''}: unexpected ${extra.join(' ')}`);
  switch (sub) {
    case 'status':
      return clusterStatusCommand(options, io);
    case 'verify-placement':
      return verifyPlacementCommand(options, io);
    default:
      throw new UsageError(
        `cluster needs status or verify-placement${sub ? `, got ${JSON.stringify(sub)}` : ''}`,
      );
  }
}
