/** The five services: one ECR repository each, named as the Helm chart's images (`exchange-<service>`). */
export const SERVICES = ['gateway', 'users', 'wallet', 'matching', 'market-data'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const STAGES = ['dev', 'production'] as const;
export type StageName = (typeof STAGES)[number];

export interface NodeGroupSize {
  instanceTypes: string[];
  minSize: number;
  desiredSize: number;
  maxSize: number;
  diskSizeGiB: number;
}

/** Everything that differs between a dev and a production environment. */
export interface StageConfig {
  stage: StageName;
  /** AWS region; the VPC uses its zones a, b and c. */
  region: string;
  vpcCidr: string;
  /** One NAT gateway (dev) or one per zone (production). */
  natGateways: number;
  /** IAM role mapped to `system:masters` (kubectl and helm for people and CI); none: only CDK's own role. */
  adminRoleArn?: string;
  /** Who may reach the Kubernetes API's public endpoint; an empty list keeps the endpoint private. */
  clusterApiCidrs: string[];
  nodeGroups: { general: NodeGroupSize; matching: NodeGroupSize };
  database: {
    /** Aurora Serverless v2 capacity range, in ACUs. */
    minCapacity: number;
    maxCapacity: number;
    /** Readers beside the writer (in other zones). */
    readers: number;
    backupRetentionDays: number;
    /** Production keeps a snapshot and refuses deletion. */
    protect: boolean;
  };
  redis: {
    nodeType: string;
    /** Replicas of the one shard; at least 1 turns on automatic failover and Multi-AZ. */
    replicas: number;
  };
  /** ECR repository names are `<repositoryPrefix><service>` (the chart's `image.repositoryPrefix`). */
  repositoryPrefix: string;
  /** Production keeps repositories, data and snapshots when the stack is deleted. */
  retainData: boolean;
}

const DEV: StageConfig = {
  stage: 'dev',
  region: 'eu-west-1',
  vpcCidr: '10.0.0.0/16',
  natGateways: 1,
  clusterApiCidrs: ['0.0.0.0/0'],
  nodeGroups: {
    general: {
      instanceTypes: ['m7i.large', 'm6i.large'],
      minSize: 1,
      desiredSize: 2,
      maxSize: 3,
      diskSizeGiB: 40,
    },
    matching: {
      instanceTypes: ['c7i.xlarge', 'c6i.xlarge'],
      minSize: 1,
      desiredSize: 1,
      maxSize: 2,
      diskSizeGiB: 40,
    },
  },
  database: { minCapacity: 0.5, maxCapacity: 2, readers: 0, backupRetentionDays: 1, protect: false },
  redis: { nodeType: 'cache.t4g.small', replicas: 0 },
  repositoryPrefix: 'exchange-dev-',
  retainData: false,
};

const PRODUCTION: StageConfig = {
  stage: 'production',
  region: 'eu-west-1',
  vpcCidr: '10.0.0.0/16',
  natGateways: 3,
  clusterApiCidrs: [],
  nodeGroups: {
    general: {
      instanceTypes: ['m7i.xlarge', 'm6i.xlarge'],
      minSize: 3,
      desiredSize: 3,
      maxSize: 12,
      diskSizeGiB: 100,
    },
    // Two at least: the chart places matching's leader and standby on different nodes (required anti-affinity).
    matching: {
      instanceTypes: ['c7i.2xlarge', 'c6i.2xlarge'],
      minSize: 2,
      desiredSize: 2,
      maxSize: 6,
      diskSizeGiB: 100,
    },
  },
  database: { minCapacity: 2, maxCapacity: 32, readers: 1, backupRetentionDays: 14, protect: true },
  redis: { nodeType: 'cache.r7g.large', replicas: 2 },
  repositoryPrefix: 'exchange-',
  retainData: true,
};

/** The stage's defaults, with overrides (e.g. from CDK context) on top. */
export function stageConfig(
  stage: string,
  overrides: Partial<Pick<StageConfig, 'region' | 'clusterApiCidrs' | 'adminRoleArn'>> = {},
): StageConfig {
  if (!(STAGES as readonly string[]).includes(stage)) {
    throw new Error(`unknown stage ${JSON.stringify(stage)}: expected one of ${STAGES.join(', ')}`);
  }
  const base = stage === 'production' ? PRODUCTION : DEV;
  return { ...base, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}
