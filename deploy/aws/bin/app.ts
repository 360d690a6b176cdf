/**
 * The CDK app: `node tools/run.cjs deploy/aws/bin/app.ts` synthesises to deploy/aws/cdk.out (the CDK CLI, run in
 * deploy/aws, uses cdk.json and its own output directory). Context: `stage` (dev | production; both when unset),
 * `region`, `clusterApiCidrs` (comma-separated), `adminRoleArn` (mapped to system:masters). The account comes from CDK_DEFAULT_ACCOUNT when the CLI sets it.
 */
import { resolve } from 'node:path';

import { App } from 'aws-cdk-lib';

import { ExchangeStack, STAGES, stageConfig } from '../src';

const app = new App({ outdir: process.env.CDK_OUTDIR ?? resolve(__dirname, '../cdk.out') });

const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined ? undefined : String(value);
};
const cidrs = context('clusterApiCidrs');
const stages = context('stage') ? [context('stage')!] : [...STAGES];

for (const stage of stages) {
  const config = stageConfig(stage, {
    region: context('region'),
    clusterApiCidrs: cidrs === undefined ? undefined : cidrs.split(',').filter(Boolean),
    adminRoleArn: context('adminRoleArn'),
  });
  new ExchangeStack(app, `Exchange-${config.stage}`, {
    config,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region },
  });
}

const assembly = app.synth();
if (!process.env.CDK_OUTDIR) {
  process.stdout.write(
    `synthesised ${assembly.stacks.map((s) => s.stackName).join(', ')} to ${assembly.directory}\n`,
  );
}
