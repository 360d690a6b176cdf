import { type EntityManager } from 'typeorm';

import { type FillRow } from '../orders/fill.repository';
import { copyField, copyIn } from './copy-in';
import { type JournalChunk } from './settlement-journal.model';

/** A chunk's three tables in one statement: the entries' check finds the transactions the first `COPY` wrote. */
const COPY_CHUNK = `copy journal_transaction (id, kind) from stdin;
  copy journal_entry (transaction_id, account_id, asset, amount) from stdin;
  copy wallet_fill (market, trade_id, side, order_id, user_id, is_maker, price_ticks, lots, base_units, quote_units,
    commission, commission_asset, traded_at_ms) from stdin`;

/** A chunk's rows in COPY's text format, one string per table (`SettlementRowsRepository.encode`). */
export type EncodedChunk = readonly [transactions: string, entries: string, fills: string];

/**
 * Settlement's journal and fill rows, written with `COPY … FROM STDIN` (`CopyIn`) on the settlement transaction's
 * connection: one statement of three `COPY`s per chunk, the rows in COPY's text format, sent in one go. The same rows
 * and the same checks as the multi-row inserts before (the primary keys, the columns' checks, the statement-level
 * triggers of migration `1764300000010`, which fire for each `COPY` like for an `INSERT`); PostgreSQL reads each row
 * from one line instead of one array per column, and the wallet builds one string per row.
 */
export class SettlementRowsRepository {
  /**
   * The chunk's journal transactions, their entries (whose accounts must exist) and the fills of its trades, as the
   * three `COPY`s' data (`insertEncoded`). Built when the chunk is taken, not when its statement's turn comes: the
   * strings are most of the wallet's work for a chunk, and PostgreSQL would wait for them after the statement before.
   */
  encode(chunk: JournalChunk, fills: readonly FillRow[]): EncodedChunk {
    const { transactions, accountIds } = chunk;
    const heads = new Array<string>(transactions.length);
    const lines: string[] = [];
    for (let i = 0; i < transactions.length; i++) {
      const t = transactions[i];
      const id = copyField(t.id);
      heads[i] = `${id}\t${copyField(t.kind)}\n`;
      const ids = accountIds[i];
      for (let j = 0; j < t.entries.length; j++) {
        const e = t.entries[j];
        lines.push(`${id}\t${copyField(ids[j])}\t${copyField(e.account.asset)}\t${e.amount}\n`);
      }
    }
    const fillLines = new Array<string>(fills.length);
    for (let i = 0; i < fills.length; i++) {
      const f = fills[i];
      fillLines[i] =
        `${copyField(f.market)}\t${f.tradeId}\t${f.side}\t${copyField(f.orderId)}\t${copyField(f.userId)}\t` +
        `${f.isMaker ? 't' : 'f'}\t${f.priceTicks}\t${f.lots}\t${f.baseUnits}\t${f.quoteUnits}\t${f.commission}\t` +
        `${copyField(f.commissionAsset)}\t${f.tradedAtMs}\n`;
    }
    return [heads.join(''), lines.join(''), fillLines.join('')];
  }

  /**
   * Writes an encoded chunk (the caller sends none without rows). Ids must be new: one already in the journal fails
   * the statement (its primary key), see `LedgerRepository.insertJournal`.
   */
  async insertEncoded(tx: EntityManager, chunk: EncodedChunk): Promise<void> {
    await copyIn(tx, COPY_CHUNK, chunk);
  }
}
