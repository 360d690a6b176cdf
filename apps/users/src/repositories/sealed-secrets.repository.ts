import { Injectable } from '@nestjs/common';

import { TransactionsRepository } from './transactions.repository';

/** Every column holding a value sealed by SecretBox, and the context (associated data) it was sealed with. */
export const SEALED_COLUMNS = [
  { name: 'totp', table: 'users', column: 'totp_secret_sealed', context: 'totp' },
  { name: 'totp-pending', table: 'users', column: 'totp_pending_sealed', context: 'totp' },
  { name: 'api-key', table: 'api_keys', column: 'secret_sealed', context: 'api-key' },
] as const;

export type SealedColumn = (typeof SEALED_COLUMNS)[number];

export interface SealedRow {
  id: string;
  sealed: string;
  /** The API key's public id (api_keys only), to drop its cached row. */
  apiKey: string | null;
}

/** Reads and rewrites sealed values column by column, for re-encryption under a new key-encryption key. */
@Injectable()
export class SealedSecretsRepository {
  constructor(private readonly tx: TransactionsRepository) {}

  /**
   * Up to `limit` rows of the column, in id order after `afterId`, whose value is not sealed under `kekId`
   * (the KEK id is the second dot-separated part of the stored form, see encodeSealed).
   */
  async notSealedUnder(
    where: SealedColumn,
    kekId: string,
    afterId: string | null,
    limit: number,
  ): Promise<SealedRow[]> {
    const apiKey = where.table === 'api_keys' ? 'api_key' : 'null::text';
    return (await this.tx.manager.query(
      `select id::text as id, ${where.column} as sealed, ${apiKey} as "apiKey" from ${where.table}
        where ${where.column} is not null and split_part(${where.column}, '.', 2) <> $1
          and ($2::uuid is null or id > $2::uuid)
        order by id limit $3`,
      [kekId, afterId, limit],
    )) as SealedRow[];
  }

  /** Replaces the value if it is still `from` (a change made meanwhile, e.g. a new enrolment, wins): whether it was. */
  async replace(where: SealedColumn, id: string, from: string, to: string): Promise<boolean> {
    const result = (await this.tx.manager.query(
      `update ${where.table} set ${where.column} = $3 where id = $1 and ${where.column} = $2`,
      [id, from, to],
    )) as [unknown[], number];
    return result[1] === 1;
  }
}
