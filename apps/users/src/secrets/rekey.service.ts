import { decodeSealed, encodeSealed, type SecretBox } from '../api-keys/secret-box';
import { type ApiKeyCacheRepository } from '../repositories/api-key-cache.repository';
import {
  SEALED_COLUMNS,
  type SealedColumn,
  type SealedSecretsRepository,
} from '../repositories/sealed-secrets.repository';
import { type TransactionsRepository } from '../repositories/transactions.repository';

export interface RekeyOptions {
  /** Rows per transaction. */
  batchSize: number;
  /** Stop after this many batches (a bounded run; run again to go on). */
  maxBatches?: number;
  onBatch?: (progress: { column: SealedColumn['name']; rewrapped: number; failed: number }) => void;
}

export interface RekeyReport {
  /** The KEK every value is now sealed under. */
  kekId: string;
  rewrapped: Record<SealedColumn['name'], number>;
  /** Values changed by the service meanwhile (sealed afresh under the current KEK): left as they are. */
  changedMeanwhile: number;
  /** Values that did not open (sealed under a KEK not configured, or damaged): left as they are. */
  failed: { column: SealedColumn['name']; id: string; reason: string }[];
  /** False when `maxBatches` stopped the run before every column was done. */
  complete: boolean;
}

/**
 * Key-encryption-key rotation: re-wraps every sealed secret (TOTP secrets, pending ones, HMAC API-key secrets)
 * under the current KEK, in batches of one transaction each. Idempotent: a value already under the current KEK
 * is not selected (each stored value names its KEK), so a run stopped midway, by a crash or `maxBatches`, is
 * finished by running it again. Cached API-key rows of re-wrapped keys are dropped after each batch commits, so
 * the old KEK is not needed to open a cached copy either.
 */
export class RekeyService {
  constructor(
    private readonly secrets: SealedSecretsRepository,
    private readonly cache: ApiKeyCacheRepository,
    private readonly tx: TransactionsRepository,
    private readonly box: SecretBox,
  ) {}

  async run(options: RekeyOptions): Promise<RekeyReport> {
    const report: RekeyReport = {
      kekId: this.box.kekId,
      rewrapped: { totp: 0, 'totp-pending': 0, 'api-key': 0 },
      changedMeanwhile: 0,
      failed: [],
      complete: true,
    };
    let batches = 0;
    for (const where of SEALED_COLUMNS) {
      let afterId: string | null = null;
      for (;;) {
        if (options.maxBatches !== undefined && batches >= options.maxBatches) {
          report.complete = false;
          return report;
        }
        const rows = await this.secrets.notSealedUnder(where, this.box.kekId, afterId, options.batchSize);
        if (rows.length === 0) break;
        batches += 1;
        afterId = rows[rows.length - 1]!.id;
        const failedBefore = report.failed.length;
        const forget: string[] = [];
        const rewrapped = await this.tx.run(async () => {
          let count = 0;
          for (const row of rows) {
            let next: string;
            try {
              next = encodeSealed(this.box.rewrap(decodeSealed(row.sealed), `${where.context}:${row.id}`));
            } catch (error) {
              report.failed.push({ column: where.name, id: row.id, reason: (error as Error).message });
              continue;
            }
            if (!(await this.secrets.replace(where, row.id, row.sealed, next))) {
              report.changedMeanwhile += 1;
              continue;
            }
            count += 1;
            if (row.apiKey) forget.push(row.apiKey);
          }
          return count;
        });
        for (const apiKey of forget) await this.cache.forget(apiKey);
        report.rewrapped[where.name] += rewrapped;
        options.onBatch?.({ column: where.name, rewrapped, failed: report.failed.length - failedBefore });
      }
    }
    return report;
  }
}
