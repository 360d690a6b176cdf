import { type KubeClient, KubeApiError } from './kube-client';

/** The fields of a Pod that exchangectl reads (core/v1 Pod). */
export interface Pod {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: {
    nodeName?: string;
    containers: {
      name: string;
      env?: { name: string; value?: string }[];
      resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    }[];
  };
  status: {
    phase?: string;
    qosClass?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; ready: boolean; restartCount: number }[];
  };
}

/** The fields of a Node that exchangectl reads (core/v1 Node). */
export interface Node {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { taints?: { key: string; value?: string; effect: string }[] };
}

export interface ReleaseSelector {
  namespace: string;
  release: string;
}

/** The pods of the release: the chart labels them app.kubernetes.io/name=exchange and instance=<release>. */
export async function listReleasePods(client: KubeClient, selector: ReleaseSelector): Promise<Pod[]> {
  const list = await client.get<{ kind?: string; items?: Pod[] }>(
    `/api/v1/namespaces/${encodeURIComponent(selector.namespace)}/pods`,
    { labelSelector: `app.kubernetes.io/name=exchange,app.kubernetes.io/instance=${selector.release}` },
  );
  if (!Array.isArray(list.items))
    throw new KubeApiError(`GET pods: not a PodList (kind ${String(list.kind)})`, 200);
  return list.items;
}

/** The nodes the pods run on, by name; a node the API no longer knows maps to null. */
export async function nodesOf(client: KubeClient, pods: readonly Pod[]): Promise<Map<string, Node | null>> {
  const names = [...new Set(pods.map((p) => p.spec.nodeName).filter((n): n is string => Boolean(n)))].sort();
  const nodes = new Map<string, Node | null>();
  for (const name of names) {
    try {
      nodes.set(name, await client.get<Node>(`/api/v1/nodes/${encodeURIComponent(name)}`));
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) nodes.set(name, null);
      else throw error;
    }
  }
  return nodes;
}

export const component = (pod: Pod) => pod.metadata.labels?.['app.kubernetes.io/component'] ?? '?';

export function isReady(pod: Pod): boolean {
  return pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function restarts(pod: Pod): number {
  return (pod.status.containerStatuses ?? []).reduce((sum, c) => sum + c.restartCount, 0);
}

/** A matching pod's shard: its MATCHING_SHARD env (the chart sets it), else the service's default `main`. */
export function shardOf(pod: Pod): string {
  for (const container of pod.spec.containers) {
    const env = container.env?.find((e) => e.name === 'MATCHING_SHARD');
    if (env?.value) return env.value;
  }
  return 'main';
}

export const instanceType = (node: Node | null | undefined) =>
  node?.metadata.labels?.['node.kubernetes.io/instance-type'];

/** Compute-optimised: an EC2 c-family instance type (c7i.2xlarge, c6gn.xlarge), or Karpenter's category c. */
export function isComputeOptimised(node: Node | null | undefined): boolean {
  if (!node) return false;
  const labels = node.metadata.labels ?? {};
  const type = labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'];
  if (type !== undefined) return /^c\d+[a-z]*\.[0-9a-z]+$/.test(type);
  return labels['karpenter.k8s.aws/instance-category'] === 'c';
}

/** Whole CPUs requested by every container (what the kubelet's static CPU manager pins). */
export function wholeCpus(pod: Pod): boolean {
  return pod.spec.containers.every((c) => /^[1-9]\d*$/.test(c.resources?.requests?.['cpu'] ?? ''));
}
