import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

import { ExchangeStack, SERVICES, stageConfig } from '../src';

/** Synthesis bundles the kubectl layer (36 MB) and the EKS handlers: one synth per stage, shared by every test. */
const SYNTH_TIMEOUT_MS = 120_000;
const WORKSPACE = resolve(__dirname, '../../..');

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

let dev: Template;
let production: Template;

beforeAll(() => {
  const app = new App();
  const stack = (stage: string) =>
    new ExchangeStack(app, `Exchange-${stage}`, { config: stageConfig(stage), env: { region: 'eu-west-1' } });
  const devStack = stack('dev');
  const productionStack = stack('production');
  dev = Template.fromStack(devStack);
  production = Template.fromStack(productionStack);
}, SYNTH_TIMEOUT_MS);

function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

function only<T>(record: Record<string, T>): T {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0];
}

function nodeGroup(template: Template, name: string): Record<string, unknown> {
  return only(
    Object.fromEntries(
      Object.entries(resourcesOf(template, 'AWS::EKS::Nodegroup')).filter(
        ([, r]) => r.Properties.NodegroupName === name,
      ),
    ),
  ).Properties;
}

/** Logical ids of the VPC's subnets, by their `aws-cdk:subnet-type` tag. */
function subnetIds(template: Template, type: 'Public' | 'Private'): string[] {
  return Object.entries(resourcesOf(template, 'AWS::EC2::Subnet'))
    .filter(([, r]) =>
      (r.Properties.Tags as { Key: string; Value: string }[]).some(
        (t) => t.Key === 'aws-cdk:subnet-type' && t.Value === type,
      ),
    )
    .map(([id]) => id)
    .sort();
}

const refs = (ids: string[]) => ids.map((id) => ({ Ref: id }));
const sortedRefs = (value: unknown) =>
  [...(value as { Ref: string }[])].sort((a, b) => a.Ref.localeCompare(b.Ref));

interface IngressRule {
  CidrIp?: string;
  CidrIpv6?: string;
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
}

/** Every ingress rule of the template, inline or standalone, that is open to the whole internet on `port`. */
export function worldOpenIngress(template: Template, port: number): IngressRule[] {
  const inline = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroup')).flatMap(
    (r) => (r.Properties.SecurityGroupIngress as IngressRule[] | undefined) ?? [],
  );
  const standalone = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress')).map(
    (r) => r.Properties as unknown as IngressRule,
  );
  return [...inline, ...standalone].filter(
    (rule) =>
      (rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0') &&
      (rule.IpProtocol === '-1' || ((rule.FromPort ?? 0) <= port && port <= (rule.ToPort ?? 65535))),
  );
}

describe('ExchangeStack', () => {
  describe('network', () => {
    it.each(['dev', 'production'])(
      '%s: a VPC over three zones, public and private subnets in each',
      (stage) => {
        const template = stage === 'dev' ? dev : production;
        template.resourceCountIs('AWS::EC2::VPC', 1);
        for (const type of ['Public', 'Private'] as const) {
          const subnets = subnetIds(template, type).map(
            (id) => resourcesOf(template, 'AWS::EC2::Subnet')[id],
          );
          expect(subnets.map((s) => s.Properties.AvailabilityZone).sort()).toEqual([
            'eu-west-1a',
            'eu-west-1b',
            'eu-west-1c',
          ]);
          expect(subnets.every((s) => s.Properties.MapPublicIpOnLaunch === (type === 'Public'))).toBe(true);
        }
      },
    );

    it('uses one NAT gateway in dev and one per zone in production', () => {
      dev.resourceCountIs('AWS::EC2::NatGateway', 1);
      production.resourceCountIs('AWS::EC2::NatGateway', 3);
    });
  });

  describe('EKS', () => {
    it.each(['dev', 'production'])(
      '%s: Kubernetes 1.37 in the private subnets, with a kubectl layer',
      (stage) => {
        const template = stage === 'dev' ? dev : production;
        const cluster = only(resourcesOf(template, 'Custom::AWSCDK-EKS-Cluster')).Properties.Config as {
          version: string;
          resourcesVpcConfig: { subnetIds: { Ref: string }[] };
        };
        expect(cluster.version).toBe('1.37');
        expect(sortedRefs(cluster.resourcesVpcConfig.subnetIds)).toEqual(
          refs(subnetIds(template, 'Private')),
        );
        template.resourceCountIs('AWS::Lambda::LayerVersion', 1);
        template.resourceCountIs('AWS::EKS::Nodegroup', 2);
      },
    );

    it.each(['dev', 'production'])(
      '%s: the matching node group is compute-optimised, labelled workload=matching and tainted dedicated=matching:NoSchedule',
      (stage) => {
        const template = stage === 'dev' ? dev : production;
        const matching = nodeGroup(template, 'matching');
        const types = matching.InstanceTypes as string[];
        expect(types.length).toBeGreaterThan(0);
        expect(types.every((type) => /^c[67]i\.\d*x?large$/.test(type))).toBe(true);
        expect(matching.Labels).toEqual({ workload: 'matching' });
        expect(matching.Taints).toEqual([{ Key: 'dedicated', Value: 'matching', Effect: 'NO_SCHEDULE' }]);
        expect(sortedRefs(matching.Subnets)).toEqual(refs(subnetIds(template, 'Private')));
      },
    );

    it.each(['dev', 'production'])('%s: the general node group is m7i/m6i and untainted', (stage) => {
      const template = stage === 'dev' ? dev : production;
      const general = nodeGroup(template, 'general');
      expect((general.InstanceTypes as string[]).every((type) => /^m[67]i\.\d*x?large$/.test(type))).toBe(
        true,
      );
      expect(general.Labels).toEqual({ workload: 'general' });
      expect(general.Taints ?? []).toEqual([]);
      expect(sortedRefs(general.Subnets)).toEqual(refs(subnetIds(template, 'Private')));
    });

    it('gives production two matching nodes at least (leader and standby on different nodes) and bigger instances', () => {
      const size = (template: Template, name: string) =>
        nodeGroup(template, name).ScalingConfig as { MinSize: number };
      expect(size(production, 'matching').MinSize).toBeGreaterThanOrEqual(2);
      expect(size(production, 'general').MinSize).toBeGreaterThan(size(dev, 'general').MinSize);
      expect(nodeGroup(production, 'matching').InstanceTypes).toEqual(['c7i.2xlarge', 'c6i.2xlarge']);
      expect(nodeGroup(dev, 'matching').InstanceTypes).toEqual(['c7i.xlarge', 'c6i.xlarge']);
    });

    it('keeps the production API endpoint private and dev public', () => {
      const access = (template: Template) =>
        (
          only(resourcesOf(template, 'Custom::AWSCDK-EKS-Cluster')).Properties.Config as {
            resourcesVpcConfig: { endpointPublicAccess: boolean; endpointPrivateAccess: boolean };
          }
        ).resourcesVpcConfig;
      expect(access(production)).toMatchObject({ endpointPublicAccess: false, endpointPrivateAccess: true });
      expect(access(dev)).toMatchObject({ endpointPublicAccess: true, endpointPrivateAccess: true });
    });

    it.each(['dev', 'production'])(
      '%s: nodes get encrypted gp3 root volumes and IMDSv2; only matching nodes run the static CPU manager',
      (stage) => {
        const template = stage === 'dev' ? dev : production;
        const templates = resourcesOf(template, 'AWS::EC2::LaunchTemplate');
        const launchTemplateOf = (group: string) => {
          const ref = (nodeGroup(template, group).LaunchTemplate as { Id: { Ref: string } }).Id.Ref;
          return templates[ref].Properties.LaunchTemplateData as Record<string, unknown>;
        };
        for (const group of ['general', 'matching']) {
          const data = launchTemplateOf(group);
          expect(data.BlockDeviceMappings).toEqual([
            expect.objectContaining({ Ebs: expect.objectContaining({ Encrypted: true, VolumeType: 'gp3' }) }),
          ]);
          expect(data.MetadataOptions).toMatchObject({ HttpTokens: 'required' });
          expect(nodeGroup(template, group).DiskSize).toBeUndefined();
        }
        const userData = (launchTemplateOf('matching').UserData as { 'Fn::Base64': string })['Fn::Base64'];
        expect(userData).toContain('Content-Type: application/node.eks.aws');
        expect(userData).toContain('kind: NodeConfig');
        expect(userData).toMatch(/kubelet:\n {4}config:\n {6}cpuManagerPolicy: static\n/);
        expect(launchTemplateOf('general').UserData).toBeUndefined();
      },
    );

    it.each(['dev', 'production'])(
      '%s: the exchange/exchange-secrets service account (IRSA) may read the Aurora and Redis secrets only',
      (stage) => {
        const template = stage === 'dev' ? dev : production;
        const manifests = Object.values(resourcesOf(template, 'Custom::AWSCDK-EKS-KubernetesResource')).map(
          (r) => JSON.stringify(r.Properties.Manifest),
        );
        expect(
          manifests.some(
            (m) => m.includes('\\"kind\\":\\"Namespace\\"') && m.includes('\\"name\\":\\"exchange\\"'),
          ),
        ).toBe(true);
        const account = manifests.find((m) => m.includes('\\"kind\\":\\"ServiceAccount\\"'));
        expect(account).toContain('\\"name\\":\\"exchange-secrets\\",\\"namespace\\":\\"exchange\\"');
        expect(account).toContain('eks.amazonaws.com/role-arn');

        const [roleId, role] = Object.entries(resourcesOf(template, 'AWS::IAM::Role')).find(([id]) =>
          id.includes('SecretsReaderRole'),
        )!;
        expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain(
          'sts:AssumeRoleWithWebIdentity',
        );
        const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((p) =>
          (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
        );
        const statements = policies.flatMap(
          (p) =>
            (p.Properties.PolicyDocument as { Statement: { Action: string[]; Resource: unknown }[] })
              .Statement,
        );
        const secretIds = Object.keys(
          resourcesOf(template, 'AWS::SecretsManager::SecretTargetAttachment'),
        ).concat(
          Object.keys(resourcesOf(template, 'AWS::SecretsManager::Secret')).filter((id) =>
            id.startsWith('CacheAuthToken'),
          ),
        );
        expect(statements).toEqual(
          secretIds.map((id) => ({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Effect: 'Allow',
            Resource: { Ref: id },
          })),
        );
      },
    );
  });

  describe('web hosting', () => {
    it.each(['dev', 'production'])(
      '%s: a private, encrypted bucket that only its CloudFront distribution reads (origin access control), HTTPS only',
      (stage) => {
        const template = stage === 'dev' ? dev : production;
        const [bucketId, bucket] = Object.entries(resourcesOf(template, 'AWS::S3::Bucket')).find(([id]) =>
          id.startsWith('WebBucket'),
        )!;
        expect(bucket.Properties).toMatchObject({
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
        });
        const policy = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).find(
          (p) => (p.Properties.Bucket as { Ref: string }).Ref === bucketId,
        )!;
        const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
          .Statement;
        // Dev empties the bucket on stack deletion: CDK's auto-delete function may list and delete, nothing else.
        const allows = statements.filter(
          (s) => s.Effect === 'Allow' && !JSON.stringify(s.Principal).includes('CustomS3AutoDeleteObjects'),
        );
        expect(statements.filter((s) => s.Effect === 'Allow')).toHaveLength(stage === 'dev' ? 2 : 1);
        expect(allows).toEqual([
          expect.objectContaining({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
          }),
        ]);
        expect(statements).toContainEqual(
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        );
        template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
          OriginAccessControlConfig: Match.objectLike({
            OriginAccessControlOriginType: 's3',
            SigningBehavior: 'always',
          }),
        });
        const distribution = only(resourcesOf(template, 'AWS::CloudFront::Distribution')).Properties
          .DistributionConfig as Record<string, unknown>;
        expect(distribution).toMatchObject({
          DefaultRootObject: 'index.html',
          DefaultCacheBehavior: expect.objectContaining({ ViewerProtocolPolicy: 'redirect-to-https' }),
        });
        expect(JSON.stringify(distribution.Origins)).toContain('OriginAccessControlId');
      },
    );
  });

  describe('Aurora PostgreSQL', () => {
    it.each(['dev', 'production'])(
      '%s: encrypted, TLS forced, in the private subnets, never publicly accessible, credentials in Secrets Manager',
      (stage) => {
        const template = stage === 'dev' ? dev : production;
        const cluster = only(resourcesOf(template, 'AWS::RDS::DBCluster')).Properties;
        expect(cluster).toMatchObject({ Engine: 'aurora-postgresql', StorageEncrypted: true });
        expect(JSON.stringify(cluster.MasterUserPassword)).toContain('resolve:secretsmanager');
        template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
          Parameters: { 'rds.force_ssl': '1' },
        });
        const instances = Object.values(resourcesOf(template, 'AWS::RDS::DBInstance'));
        expect(instances.length).toBeGreaterThan(0);
        expect(instances.every((i) => i.Properties.PubliclyAccessible === false)).toBe(true);
        const subnetGroup = only(resourcesOf(template, 'AWS::RDS::DBSubnetGroup')).Properties;
        expect(sortedRefs(subnetGroup.SubnetIds)).toEqual(refs(subnetIds(template, 'Private')));
        template.hasResourceProperties('AWS::SecretsManager::Secret', {
          Name: `exchange/${stage}/aurora-admin`,
        });
      },
    );

    it('is larger, replicated and protected in production only', () => {
      const cluster = (template: Template) => only(resourcesOf(template, 'AWS::RDS::DBCluster'));
      expect(cluster(dev).Properties).toMatchObject({
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 2 },
        DeletionProtection: false,
      });
      expect(cluster(production).Properties).toMatchObject({
        ServerlessV2ScalingConfiguration: { MinCapacity: 2, MaxCapacity: 32 },
        DeletionProtection: true,
        BackupRetentionPeriod: 14,
      });
      dev.resourceCountIs('AWS::RDS::DBInstance', 1);
      production.resourceCountIs('AWS::RDS::DBInstance', 2);
      expect((cluster(production) as unknown as { DeletionPolicy: string }).DeletionPolicy).toBe('Snapshot');
      expect((cluster(dev) as unknown as { DeletionPolicy: string }).DeletionPolicy).toBe('Delete');
    });
  });

  describe('ElastiCache Redis', () => {
    it.each(['dev', 'production'])(
      '%s: a replication group with TLS, AUTH and encryption at rest, private',
      (stage) => {
        const template = stage === 'dev' ? dev : production;
        const redis = only(resourcesOf(template, 'AWS::ElastiCache::ReplicationGroup')).Properties;
        expect(redis).toMatchObject({
          Engine: 'redis',
          TransitEncryptionEnabled: true,
          TransitEncryptionMode: 'required',
          AtRestEncryptionEnabled: true,
          Port: 6379,
        });
        expect(JSON.stringify(redis.AuthToken)).toContain('resolve:secretsmanager');
        const subnetGroup = only(resourcesOf(template, 'AWS::ElastiCache::SubnetGroup')).Properties;
        expect(sortedRefs(subnetGroup.SubnetIds)).toEqual(refs(subnetIds(template, 'Private')));
      },
    );

    it('has replicas with automatic failover across zones in production, a single node in dev', () => {
      const redis = (template: Template) =>
        only(resourcesOf(template, 'AWS::ElastiCache::ReplicationGroup')).Properties;
      expect(redis(dev)).toMatchObject({
        ReplicasPerNodeGroup: 0,
        AutomaticFailoverEnabled: false,
        CacheNodeType: 'cache.t4g.small',
      });
      expect(redis(production)).toMatchObject({
        ReplicasPerNodeGroup: 2,
        AutomaticFailoverEnabled: true,
        MultiAZEnabled: true,
        CacheNodeType: 'cache.r7g.large',
      });
    });
  });

  describe('security groups', () => {
    it.each(['dev', 'production'])('%s: nothing is open to the internet on 5432 or 6379', (stage) => {
      const template = stage === 'dev' ? dev : production;
      expect(worldOpenIngress(template, 5432)).toEqual([]);
      expect(worldOpenIngress(template, 6379)).toEqual([]);
    });

    it.each(['dev', 'production'])(
      '%s: the database and Redis accept their port from the EKS cluster security group only',
      (stage) => {
        const template = stage === 'dev' ? dev : production;
        const clusterId = Object.keys(resourcesOf(template, 'Custom::AWSCDK-EKS-Cluster'))[0];
        const rulesInto = (resource: string) => {
          const groupId = Object.values(resourcesOf(template, resource)).flatMap(
            (r) =>
              (r.Properties.VpcSecurityGroupIds ?? r.Properties.SecurityGroupIds) as {
                'Fn::GetAtt': string[];
              }[],
          )[0]['Fn::GetAtt'][0];
          expect(
            resourcesOf(template, 'AWS::EC2::SecurityGroup')[groupId].Properties.SecurityGroupIngress,
          ).toBeUndefined();
          return Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress'))
            .map((r) => r.Properties)
            .filter((p) => (p.GroupId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] === groupId);
        };
        const fromCluster = (port: number) => [
          expect.objectContaining({
            IpProtocol: 'tcp',
            FromPort: port,
            ToPort: port,
            SourceSecurityGroupId: { 'Fn::GetAtt': [clusterId, 'ClusterSecurityGroupId'] },
          }),
        ];
        expect(rulesInto('AWS::RDS::DBCluster')).toEqual(fromCluster(5432));
        expect(rulesInto('AWS::ElastiCache::ReplicationGroup')).toEqual(fromCluster(6379));
      },
    );

    it('the open-ingress check finds a group opened to 0.0.0.0/0 on the database port', () => {
      const stack = new Stack(new App(), 'Open');
      const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
      new ec2.SecurityGroup(stack, 'Open', { vpc }).addIngressRule(
        ec2.Peer.anyIpv4(),
        ec2.Port.tcpRange(5000, 6000),
      );
      const template = Template.fromStack(stack);
      expect(worldOpenIngress(template, 5432)).toHaveLength(1);
      expect(worldOpenIngress(template, 6379)).toEqual([]);
    });
  });

  describe('ECR and outputs', () => {
    it.each([
      ['dev', 'exchange-dev-'],
      ['production', 'exchange-'],
    ])('%s: one scanned repository per service, named <prefix><service>', (stage, prefix) => {
      const template = stage === 'dev' ? dev : production;
      const repositories = Object.values(resourcesOf(template, 'AWS::ECR::Repository')).map(
        (r) => r.Properties,
      );
      expect(repositories.map((r) => r.RepositoryName).sort()).toEqual(
        SERVICES.map((s) => `${prefix}${s}`).sort(),
      );
      expect(
        repositories.every((r) => (r.ImageScanningConfiguration as { ScanOnPush: boolean }).ScanOnPush),
      ).toBe(true);
      expect(
        repositories.every(
          (r) => r.ImageTagMutability === (stage === 'production' ? 'IMMUTABLE' : 'MUTABLE'),
        ),
      ).toBe(true);
    });

    it.each(['dev', 'production'])(
      '%s: outputs the cluster, database, Redis and repository addresses',
      (stage) => {
        const template = stage === 'dev' ? dev : production;
        expect(Object.keys(template.findOutputs('*')).sort()).toEqual(
          [
            'ClusterName',
            'DatabaseReaderEndpoint',
            'DatabaseSecretArn',
            'DatabaseWriterEndpoint',
            'RedisAuthTokenSecretArn',
            'RedisEndpoint',
            'SecretsReaderRoleArn',
            'WebBucketName',
            'WebDistributionDomain',
            'WebDistributionId',
            'RepositoryGatewayUri',
            'RepositoryMarketDataUri',
            'RepositoryMatchingUri',
            'RepositoryUsersUri',
            'RepositoryWalletUri',
          ].sort(),
        );
        template.hasOutput('RedisEndpoint', {
          Value: { 'Fn::GetAtt': [Match.anyValue(), 'PrimaryEndPoint.Address'] },
        });
      },
    );
  });

  describe(stageConfig.name, () => {
    it('refuses an unknown stage, naming the ones it knows', () => {
      expect(() => stageConfig('staging')).toThrow(
        'unknown stage "staging": expected one of dev, production',
      );
    });

    it('takes a region and API CIDRs over the defaults', () => {
      expect(
        stageConfig('production', { region: 'us-east-2', clusterApiCidrs: ['203.0.113.0/24'] }),
      ).toMatchObject({
        region: 'us-east-2',
        clusterApiCidrs: ['203.0.113.0/24'],
        natGateways: 3,
      });
    });
  });

  describe('cluster administrators', () => {
    it(
      'maps the admin role given by context to system:masters, and no role without one',
      () => {
        const app = new App();
        const roleArn = 'arn:aws:iam::123456789012:role/platform-admins';
        const stack = new ExchangeStack(app, 'Admin', {
          config: stageConfig('dev', { adminRoleArn: roleArn }),
          env: { region: 'eu-west-1' },
        });
        const awsAuth = (template: Template) =>
          JSON.stringify(
            Object.values(resourcesOf(template, 'Custom::AWSCDK-EKS-KubernetesResource')).find((r) =>
              JSON.stringify(r.Properties.Manifest).includes('aws-auth'),
            )!.Properties.Manifest,
          );
        expect(awsAuth(Template.fromStack(stack))).toMatch(
          new RegExp(`rolearn.{0,12}${roleArn}.{0,40}username.{0,12}${roleArn}.{0,40}system:masters`),
        );
        expect(awsAuth(dev)).not.toContain('system:masters');
      },
      SYNTH_TIMEOUT_MS,
    );
  });

  describe('bin/app.ts', () => {
    it(
      'synthesises the stage chosen by context to the output directory',
      () => {
        const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
        try {
          const run = spawnSync(process.execPath, ['tools/run.cjs', 'deploy/aws/bin/app.ts'], {
            cwd: WORKSPACE,
            env: {
              ...process.env,
              CDK_OUTDIR: outdir,
              CDK_CONTEXT_JSON: JSON.stringify({ stage: 'production' }),
            },
            encoding: 'utf8',
          });
          expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
          const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
            artifacts: Record<string, { type: string }>;
          };
          const stacks = Object.entries(manifest.artifacts)
            .filter(([, a]) => a.type === 'aws:cloudformation:stack')
            .map(([name]) => name);
          expect(stacks).toEqual(['Exchange-production']);
          expect(readdirSync(outdir)).toContain('Exchange-production.template.json');
        } finally {
          rmSync(outdir, { recursive: true, force: true });
        }
      },
      SYNTH_TIMEOUT_MS,
    );
  });
});
