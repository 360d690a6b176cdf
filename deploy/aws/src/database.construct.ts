import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

import { type StageConfig } from './stage';

export const POSTGRES_PORT = 5432;

export interface DatabaseProps {
  config: StageConfig;
  vpc: ec2.IVpc;
  /** The only peer allowed in: the EKS cluster security group (nodes and pods). */
  clients: ec2.ISecurityGroup;
}

/**
 * Aurora PostgreSQL Serverless v2: encrypted at rest, TLS forced, in the private subnets, reachable on 5432
 * from the cluster only; the master credentials are generated into Secrets Manager.
 * The services' databases (`exchange_users`, …) and roles are created from those credentials (docs/deployment.md).
 */
export class Database extends Construct {
  readonly cluster: rds.DatabaseCluster;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { config, vpc } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `exchange-${config.stage} Aurora PostgreSQL: EKS cluster only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(
      props.clients,
      ec2.Port.tcp(POSTGRES_PORT),
      'PostgreSQL from the EKS cluster',
    );

    const removalPolicy = config.database.protect ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY;
    this.cluster = new rds.DatabaseCluster(this, 'Aurora', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({
        version: rds.AuroraPostgresEngineVersion.VER_16_13,
      }),
      credentials: rds.Credentials.fromGeneratedSecret('exchange_admin', {
        secretName: `exchange/${config.stage}/aurora-admin`,
      }),
      defaultDatabaseName: 'exchange',
      writer: rds.ClusterInstance.serverlessV2('writer', { publiclyAccessible: false }),
      readers: Array.from({ length: config.database.readers }, (_, i) =>
        rds.ClusterInstance.serverlessV2(`reader${i + 1}`, {
          publiclyAccessible: false,
          scaleWithWriter: true,
        }),
      ),
      serverlessV2MinCapacity: config.database.minCapacity,
      serverlessV2MaxCapacity: config.database.maxCapacity,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      port: POSTGRES_PORT,
      storageEncrypted: true,
      parameters: { 'rds.force_ssl': '1' },
      iamAuthentication: true,
      cloudwatchLogsExports: ['postgresql'],
      backup: { retention: Duration.days(config.database.backupRetentionDays) },
      deletionProtection: config.database.protect,
      removalPolicy,
    });
  }
}
