import { type EntityManager } from 'typeorm';

import { AwaitableQuery } from '../common/awaitable-query';

/**
 * One or more `COPY <table> (<columns>) FROM STDIN` statements (`;`-separated) with their rows, for a transaction's
 * connection. node-postgres sends the text by the simple protocol and, right behind it without waiting for
 * PostgreSQL's `CopyInResponse`, each statement's rows as one `CopyData` message and a `CopyDone`: PostgreSQL reads
 * them in order as each `COPY` asks for its data, so a chunk's three tables cost one round trip instead of a
 * statement each plus a `CopyInResponse` each, during which the backend waits for the wallet's event loop. When a
 * `COPY` fails, PostgreSQL skips the rest of the statement and ignores the copy messages still to come (the protocol
 * lets a client keep sending after a failed `COPY`), then answers `ReadyForQuery` as usual.
 *
 * It goes through `EntityManager.query` like any statement (TypeORM hands it to node-postgres unchanged, which runs
 * an object with `submit` as it is, in the connection's order), and it is awaitable: it settles with the result or
 * the error (a refused row fails its whole `COPY`, hence the statement).
 *
 * What it saves against `insert … select * from unnest($1::varchar[], …)`: PostgreSQL reads each row once from text
 * instead of building and expanding one array per column, and the wallet writes one string per row instead of one
 * array literal per column (docs/benchmarks.md). node-postgres's own `Query` answers a `CopyInResponse` with a
 * failure, and pg-copy-streams is not a dependency.
 */
export class CopyIn extends AwaitableQuery {
  /**
   * `copyRows[i]` is the data of the i-th `COPY` of `statement`, in COPY's text format (`copyField` for each value).
   * (Not `rows`: node-postgres's `Query` reads that as a portal's row limit and would send a Sync after each result.)
   */
  constructor(
    private readonly statement: string,
    private readonly copyRows: readonly string[],
  ) {
    super(statement);
    // The statement by the simple protocol (what `Query.submit` sends for a text without values), then every
    // `COPY`'s rows and end, in one go. node-postgres's typings declare `submit` as a property of `Query`, hence set
    // here rather than overridden.
    (this as unknown as { submit(connection: CopyConnection): Error | null }).submit = (connection) => {
      connection.query(this.statement);
      for (const data of this.copyRows) {
        if (data.length > 0) connection.sendCopyFromChunk(Buffer.from(data, 'utf8'));
        connection.endCopyFrom();
      }
      return null;
    };
  }

  /** The rows went with the statement (`submit`). */
  handleCopyInResponse(): void {
    // Nothing to send.
  }

  override toString(): string {
    return this.statement;
  }
}

/** What `CopyIn` uses of node-postgres's connection. */
export interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * Runs `COPY … FROM STDIN` statements (`;`-separated) with their rows on the manager's connection; `rows[i]` is the
 * i-th statement's data in COPY's text format.
 */
export async function copyIn(
  manager: EntityManager,
  statement: string,
  rows: readonly string[],
): Promise<void> {
  await manager.query(new CopyIn(statement, rows) as unknown as string);
}

const SPECIAL = /[\\\t\n\r]/;

/**
 * A text value as COPY's text format reads it back unchanged: a backslash, tab, newline or carriage return escaped
 * (none of the ledger's own ids has one; a transaction id may, being any printable ASCII).
 */
export function copyField(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}
