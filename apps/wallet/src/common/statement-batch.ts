import { type EntityManager } from 'typeorm';

import { AwaitableQuery } from './awaitable-query';
import { type PreparedStatement } from './prepared-statement';

// node-postgres's own conversion of a parameter (arrays to array literals, dates, buffers, objects to JSON), which
// `Query` uses for its values; not in its typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): unknown };

interface Entry {
  text: string;
  /** A prepared statement's name: parsed once per connection. */
  name?: string;
  values: readonly unknown[];
  resolve(rows: unknown[]): void;
}

/** What node-postgres's connection offers the extended query protocol (`Query.prepare` uses the same). */
interface ExtendedConnection {
  parse(query: { text: string; name?: string }): void;
  bind(config: {
    statement?: string;
    values: readonly unknown[];
    valueMapper(value: unknown): unknown;
  }): void;
  describe(message: { type: 'P' }): void;
  execute(config: Record<string, never>): void;
  sync(): void;
  stream: { cork?(): void; uncork?(): void };
  /** node-postgres's record of the named statements a connection has (`parsed`) or has asked for (`submitted`). */
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  on(event: 'parseComplete', listener: () => void): unknown;
  off(event: 'parseComplete', listener: () => void): unknown;
}

/**
 * Statements of one transaction sent to PostgreSQL together: `add` collects them (each gets a promise of its rows),
 * `run` sends them all on the transaction's connection in ONE round trip — each as a statement of the extended
 * protocol (parse, bind, describe, execute) and one Sync after the last — and PostgreSQL runs them in order.
 * A transaction whose statements do not depend on each other's results (settlement's locks and reads before it
 * computes, its writes after) waits for one answer instead of one per statement: on a busy machine each round trip
 * costs two wake-ups (the wallet's and the backend's), milliseconds each.
 *
 * A `PreparedStatement` is parsed once per connection, as node-postgres does for a named query: the batch records
 * each name whose Parse PostgreSQL confirmed, and forgets the names whose Parse it skipped after a failure. Text is
 * sent as an unnamed statement (parsed every time).
 *
 * A failure of any statement fails `run` (PostgreSQL skips the rest up to the Sync; the transaction is then failed
 * and the caller rolls it back); the statements' own promises are then left unsettled, so that nothing is rejected
 * unobserved.
 */
export class StatementBatch {
  private readonly entries: Entry[] = [];
  private readonly closing: readonly string[];
  private wasSent = false;

  /**
   * `first`: statements sent before any added (a transaction's BEGIN); `last`: statements sent after all of them (its
   * COMMIT). Neither gives rows to anyone.
   */
  constructor(around: { first?: readonly string[]; last?: readonly string[] } = {}) {
    for (const text of around.first ?? []) void this.add(text);
    this.closing = around.last ?? [];
  }

  /** Queues a statement; its rows once `run` has succeeded. Refused once the batch is sent. */
  add<Row = unknown>(statement: PreparedStatement | string, values: readonly unknown[] = []): Promise<Row[]> {
    if (this.wasSent) throw new Error('statement added to a batch already sent');
    return new Promise<Row[]>((resolve) =>
      this.entries.push({
        ...(typeof statement === 'string'
          ? { text: statement }
          : { text: statement.text, name: statement.name }),
        values,
        resolve: resolve as (rows: unknown[]) => void,
      }),
    );
  }

  get size(): number {
    return this.entries.length;
  }

  /** Whether `run` was called (whatever came of it). */
  get sent(): boolean {
    return this.wasSent;
  }

  /** Sends every statement added, in one round trip, on the manager's connection; resolves their promises. */
  async run(manager: EntityManager): Promise<void> {
    for (const text of this.closing) void this.add(text);
    this.wasSent = true;
    if (this.entries.length === 0) return;
    const query = new BatchQuery(this.entries);
    await manager.query(query as unknown as string);
    query.results.forEach((rows, i) => this.entries[i].resolve(rows));
  }
}

/** The statements as one node-postgres query (see `StatementBatch`); `CopyIn` is its sibling for `COPY`. */
class BatchQuery extends AwaitableQuery {
  /** The names of the Parse messages sent (undefined for an unnamed statement), in order, until each is confirmed. */
  private parses: (string | undefined)[] = [];
  private connection?: ExtendedConnection;
  private readonly parsed = () => {
    const name = this.parses.shift();
    if (name === undefined || !this.connection) return;
    this.connection.parsedStatements[name] = this.connection.submittedNamedStatements[name]!;
    delete this.connection.submittedNamedStatements[name];
  };

  constructor(private readonly statements: readonly Pick<Entry, 'text' | 'name' | 'values'>[]) {
    super(statements.map((s) => s.text).join(';\n'));
    // At the end (the Sync's answer, or the error after which node-postgres drops the query and PostgreSQL skips
    // the rest): names whose Parse was not confirmed are not on the connection.
    const self = this as unknown as {
      handleReadyForQuery(connection: unknown): void;
      handleError(error: unknown, connection: unknown): void;
    };
    const readyForQuery = self.handleReadyForQuery.bind(this);
    const failed = self.handleError.bind(this);
    self.handleReadyForQuery = (connection) => {
      this.settleParses();
      readyForQuery(connection);
    };
    self.handleError = (error, connection) => {
      this.settleParses();
      failed(error, connection);
    };
    (this as unknown as { submit(connection: ExtendedConnection): Error | null }).submit = (connection) => {
      this.connection = connection;
      connection.on('parseComplete', this.parsed);
      connection.stream.cork?.();
      try {
        for (const { text, name, values } of this.statements) {
          const known =
            name !== undefined &&
            (connection.parsedStatements[name] !== undefined ||
              connection.submittedNamedStatements[name] !== undefined);
          if (!known) {
            connection.parse(name === undefined ? { text } : { text, name });
            if (name !== undefined) connection.submittedNamedStatements[name] = text;
            this.parses.push(name);
          }
          connection.bind({
            ...(name !== undefined && { statement: name }),
            values,
            valueMapper: prepareValue,
          });
          connection.describe({ type: 'P' });
          connection.execute({});
        }
        connection.sync();
      } finally {
        connection.stream.uncork?.();
      }
      return null;
    };
  }

  private settleParses(): void {
    if (!this.connection) return;
    this.connection.off('parseComplete', this.parsed);
    for (const name of this.parses)
      if (name !== undefined) delete this.connection.submittedNamedStatements[name];
    this.parses = [];
  }

  /** Each statement's rows, in order (node-postgres keeps one result per completed statement). */
  get results(): unknown[][] {
    const own = (this as unknown as { _results: { rows: unknown[] } | { rows: unknown[] }[] })._results;
    const results = Array.isArray(own) ? own : [own];
    if (results.length !== this.statements.length) {
      throw new Error(`statement batch: ${results.length} results for ${this.statements.length} statements`);
    }
    return results.map((r) => r.rows);
  }

  override toString(): string {
    return this.statements.map((s) => s.text).join(';\n');
  }
}
