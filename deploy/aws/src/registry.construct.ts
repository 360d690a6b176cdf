import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';

import { SERVICES, type ServiceName, type StageConfig } from './stage';

/**
 * One ECR repository per service, `<repositoryPrefix><service>`: the chart's `image.repositoryPrefix` (default
 * `exchange-`, production's prefix; dev's is `exchange-dev-` so that both stages fit in one account).
 */
export class Registry extends Construct {
  readonly repositories: Record<ServiceName, ecr.Repository>;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.repositories = Object.fromEntries(
      SERVICES.map((service) => [
        service,
        new ecr.Repository(this, service, {
          repositoryName: `${config.repositoryPrefix}${service}`,
          imageScanOnPush: true,
          imageTagMutability: config.retainData ? ecr.TagMutability.IMMUTABLE : ecr.TagMutability.MUTABLE,
          encryption: ecr.RepositoryEncryption.AES_256,
          lifecycleRules: [
            {
              description: 'drop untagged images after a week',
              tagStatus: ecr.TagStatus.UNTAGGED,
              maxImageAge: Duration.days(7),
            },
          ],
          removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
          emptyOnDelete: !config.retainData,
        }),
      ]),
    ) as Record<ServiceName, ecr.Repository>;
  }
}
