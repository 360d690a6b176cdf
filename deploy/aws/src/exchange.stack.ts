import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { type Construct } from 'constructs';

import { Cache } from './cache.construct';
import { ExchangeCluster } from './cluster.construct';
import { Database } from './database.construct';
import { Network } from './network.construct';
import { Registry } from './registry.construct';
import { SecretsAccess } from './secrets-access.construct';
import { SERVICES, type StageConfig } from './stage';
import { WebHosting } from './web.construct';

export interface ExchangeStackProps extends StackProps {
  config: StageConfig;
}

/**
 * One environment of the exchange: VPC, EKS with its node groups, Aurora, ElastiCache, the ECR repositories and
 * the web frontend's bucket and CDN.
 */
export class ExchangeStack extends Stack {
  readonly network: Network;
  readonly cluster: ExchangeCluster;
  readonly database: Database;
  readonly cache: Cache;
  readonly registry: Registry;
  readonly web: WebHosting;
  readonly secretsAccess: SecretsAccess;

  constructor(scope: Construct, id: string, props: ExchangeStackProps) {
    super(scope, id, {
      description: `Exchange ${props.config.stage}: VPC, EKS, Aurora PostgreSQL, ElastiCache Redis, ECR, S3 + CloudFront`,
      ...props,
    });
    const { config } = props;
    Tags.of(this).add('app', 'exchange');
    Tags.of(this).add('stage', config.stage);

    this.network = new Network(this, 'Network', config);
    const vpc = this.network.vpc;
    this.cluster = new ExchangeCluster(this, 'Eks', { config, vpc });
    const clients = this.cluster.cluster.clusterSecurityGroup;
    this.database = new Database(this, 'Database', { config, vpc, clients });
    this.cache = new Cache(this, 'Cache', { config, vpc, clients });
    this.registry = new Registry(this, 'Registry', config);
    this.web = new WebHosting(this, 'Web', config);
    this.secretsAccess = new SecretsAccess(this, 'SecretsAccess', {
      cluster: this.cluster.cluster,
      secrets: [this.database.cluster.secret!, this.cache.authToken],
    });

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output(
      'ClusterName',
      this.cluster.cluster.clusterName,
      'EKS cluster: aws eks update-kubeconfig --name <this>',
    );
    output(
      'DatabaseWriterEndpoint',
      this.database.cluster.clusterEndpoint.hostname,
      'Aurora writer host (port 5432)',
    );
    output(
      'DatabaseReaderEndpoint',
      this.database.cluster.clusterReadEndpoint.hostname,
      'Aurora reader host',
    );
    output(
      'DatabaseSecretArn',
      this.database.cluster.secret!.secretArn,
      'Aurora master credentials (Secrets Manager)',
    );
    output(
      'RedisEndpoint',
      this.cache.replicationGroup.attrPrimaryEndPointAddress,
      'Redis primary host (TLS, port 6379)',
    );
    output('RedisAuthTokenSecretArn', this.cache.authToken.secretArn, 'Redis AUTH token (Secrets Manager)');
    output(
      'SecretsReaderRoleArn',
      this.secretsAccess.serviceAccount.role.roleArn,
      'IRSA role of exchange/exchange-secrets (reads the Aurora and Redis secrets)',
    );
    output(
      'WebBucketName',
      this.web.bucket.bucketName,
      'S3 bucket of the web build (aws s3 sync dist/apps/web s3://<this>)',
    );
    output(
      'WebDistributionDomain',
      this.web.distribution.distributionDomainName,
      'CloudFront domain of the web frontend',
    );
    output(
      'WebDistributionId',
      this.web.distribution.distributionId,
      'CloudFront distribution (for invalidations)',
    );
    for (const service of SERVICES) {
      output(
        `Repository${service.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}Uri`,
        this.registry.repositories[service].repositoryUri,
        `ECR repository of ${service}`,
      );
    }
  }
}
