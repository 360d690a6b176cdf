import { type EntityManager } from 'typeorm';

const names = new Map<string, string>();

/**
 * A statement PostgreSQL parses (and, once its plan is cached, plans) once per connection: node-postgres sends a
 * query config with a `name` as a named prepared statement the first time a connection runs it and only binds and
 * executes it afterwards. Unnamed statements (what `EntityManager.query(text, values)` sends) are parsed, analysed
 * and planned on every call, which for the hot fixed-shape statements of intake, the relay and settlement cost more
 * than running them.
 *
 * Names are unique per process (`prepared` refuses a name reused for another text: node-postgres would refuse it
 * per connection at run time). Only fixed-shape statements: the text must not depend on the values.
 */
export class PreparedStatement {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  /** The text, so that TypeORM's error log and `QueryFailedError.query` show the statement. */
  toString(): string {
    return this.text;
  }
}

export function prepared(name: string, text: string): PreparedStatement {
  const normalised = text.replace(/\s+/g, ' ').trim();
  const known = names.get(name);
  if (known !== undefined && known !== normalised) {
    throw new Error(`prepared statement name ${name} is used for two statements`);
  }
  names.set(name, normalised);
  return new PreparedStatement(name, normalised);
}

/**
 * Runs a prepared statement on the manager's connection (the transaction's, or one from the pool): TypeORM hands
 * its query argument to node-postgres unchanged, and node-postgres copies the config before adding the values.
 * Returns the rows (for `update`/`delete`, TypeORM's `[rows, count]`, as `query` does).
 */
export function runPrepared<T = unknown>(
  manager: EntityManager,
  statement: PreparedStatement,
  values: readonly unknown[],
): Promise<T> {
  return manager.query(statement as unknown as string, values as unknown[]) as Promise<T>;
}
