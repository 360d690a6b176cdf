import { Query } from 'pg';
import { type EntityManager } from 'typeorm';

/**
 * `COPY <table> (<columns>) FROM STDIN` with its rows, for a transaction's connection: node-postgres sends the
 * statement by the simple protocol and, when PostgreSQL asks for the data (`CopyInResponse`), the rows as one
 * `CopyData` message and `CopyDone`. It goes through `EntityManager.query` like any statement (TypeORM hands it to
 * node-postgres unchanged, which runs an object with `submit` as it is, in the connection's order), and it is
 * awaitable: it settles with the statement's result or its error (a refused row fails the whole `COPY`).
 *
 * What it saves against `insert … select * from unnest($1::varchar[], …)`: PostgreSQL reads each row once from text
 * instead of building and expanding one array per column (a tenth to a fifth of its CPU per settled trade, see
 * docs/benchmarks.md), and the wallet writes one string per row instead of one array literal per column.
 * node-postgres's own `Query` answers a `CopyInResponse` with a failure, and pg-copy-streams is not a dependency.
 */
export class CopyIn extends Query implements PromiseLike<unknown> {
  private readonly done: Promise<unknown>;

  constructor(
    private readonly statement: string,
    private readonly data: string,
  ) {
    super(statement);
    this.done = new Promise((resolve, reject) => {
      // node-postgres calls it with the result or the error (a second call, after an error, changes nothing).
      (this as unknown as { callback: (error: Error | null, result?: unknown) => void }).callback = (
        error,
        result,
      ) => (error ? reject(error) : resolve(result));
    });
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }): void {
    connection.sendCopyFromChunk(Buffer.from(this.data, 'utf8'));
    connection.endCopyFrom();
  }

  then<A = unknown, B = never>(
    onfulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.done.then(onfulfilled, onrejected);
  }

  /** The statement, so that TypeORM's error log and `QueryFailedError.query` show it. */
  override toString(): string {
    return this.statement;
  }
}

/** Runs a `COPY … FROM STDIN` with rows in COPY's text format (`copyField` for each value) on the manager's connection. */
export async function copyIn(manager: EntityManager, statement: string, rows: string): Promise<void> {
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
