import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

import { type StageConfig } from './stage';

export const REDIS_PORT = 6379;

export interface CacheProps {
  config: StageConfig;
  vpc: ec2.IVpc;
  /** The only peer allowed in: the EKS cluster security group. */
  clients: ec2.ISecurityGroup;
}

/**
 * ElastiCache Redis: one shard as a replication group with TLS in transit and AUTH (the token generated
 * into Secrets Manager), encrypted at rest, in the private subnets, reachable on 6379 from the cluster only.
 * Services connect with `rediss://:<token>@<primary endpoint>:6379`.
 */
export class Cache extends Construct {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  readonly authToken: secretsmanager.Secret;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { config, vpc } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `exchange-${config.stage} ElastiCache Redis: EKS cluster only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(props.clients, ec2.Port.tcp(REDIS_PORT), 'Redis from the EKS cluster');

    this.authToken = new secretsmanager.Secret(this, 'AuthToken', {
      secretName: `exchange/${config.stage}/redis-auth-token`,
      description: 'AUTH token of the exchange Redis (ElastiCache accepts 16-128 printable characters)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: `exchange-${config.stage} Redis, private subnets`,
      subnetIds: vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
    });

    const failover = config.redis.replicas > 0;
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'Redis', {
      replicationGroupDescription: `exchange-${config.stage} Redis`,
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: config.redis.nodeType,
      numNodeGroups: 1,
      replicasPerNodeGroup: config.redis.replicas,
      automaticFailoverEnabled: failover,
      multiAzEnabled: failover,
      port: REDIS_PORT,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      authToken: this.authToken.secretValue.unsafeUnwrap(),
      snapshotRetentionLimit: config.retainData ? 7 : 0,
    });
  }
}
