import { Query } from 'pg';

/**
 * A node-postgres query object of the wallet's own (`CopyIn`, `StatementBatch`'s batch) that goes through
 * `EntityManager.query` like a statement: TypeORM hands it to node-postgres unchanged, node-postgres runs an object
 * with `submit` as it is, in the connection's order, and returns the object itself, which is awaited here. It settles
 * with node-postgres's results at the end, or with the first error (node-postgres may call back again after an
 * error; that changes nothing).
 */
export abstract class AwaitableQuery extends Query implements PromiseLike<unknown> {
  private readonly done: Promise<unknown>;

  protected constructor(text: string) {
    super(text);
    this.done = new Promise((resolve, reject) => {
      (this as unknown as { callback: (error: Error | null, result?: unknown) => void }).callback = (
        error,
        result,
      ) => (error ? reject(error) : resolve(result));
    });
  }

  then<A = unknown, B = never>(
    onfulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.done.then(onfulfilled, onrejected);
  }
}
