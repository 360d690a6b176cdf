import type * as eks from 'aws-cdk-lib/aws-eks';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** The namespace the chart installs into, and the service account that may read the stage's secrets. */
export const EXCHANGE_NAMESPACE = 'exchange';
export const SECRETS_READER_SERVICE_ACCOUNT = 'exchange-secrets';

export interface SecretsAccessProps {
  cluster: eks.Cluster;
  /** The secrets the exchange's connection URLs are made from (Aurora credentials, Redis AUTH token). */
  secrets: secretsmanager.ISecret[];
}

/**
 * IAM role for a service account (IRSA): `exchange/exchange-secrets` may read exactly the given Secrets Manager
 * entries and nothing else. An External Secrets `SecretStore` authenticates as it (jwt auth, serviceAccountRef) and
 * syncs them into the `exchange-connections` Secret the chart reads. The services themselves call no AWS API.
 */
export class SecretsAccess extends Construct {
  readonly serviceAccount: eks.ServiceAccount;

  constructor(scope: Construct, id: string, props: SecretsAccessProps) {
    super(scope, id);
    const namespace = props.cluster.addManifest('Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: EXCHANGE_NAMESPACE },
    });
    this.serviceAccount = props.cluster.addServiceAccount('SecretsReader', {
      name: SECRETS_READER_SERVICE_ACCOUNT,
      namespace: EXCHANGE_NAMESPACE,
    });
    this.serviceAccount.node.addDependency(namespace);
    for (const secret of props.secrets) secret.grantRead(this.serviceAccount);
  }
}
