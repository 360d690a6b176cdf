import { AsyncLocalStorage } from 'node:async_hooks';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * One PostgreSQL transaction that every repository joins. Repositories take their EntityManager from `manager`:
 * inside `run` it is the transaction's (carried by AsyncLocalStorage), outside it the pool's. So a service writes
 * a change and the audit row that records it in one transaction (both land or neither) without threading a
 * handle through every call. A `run` inside a `run` joins the outer transaction.
 */
@Injectable()
export class TransactionsRepository {
  private readonly current = new AsyncLocalStorage<EntityManager>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.current.getStore() ?? this.dataSource.manager;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work();
    return this.dataSource.transaction((manager) => this.current.run(manager, work));
  }
}
