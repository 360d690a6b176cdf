import { randomBytes } from 'node:crypto';

import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InjectRepository } from '@nestjs/typeorm';
import { Client } from 'pg';
import {
  Column,
  DataSource,
  Entity,
  type MigrationInterface,
  PrimaryColumn,
  type QueryRunner,
  type Repository,
} from 'typeorm';

import { createDatabase, databaseUrl, dropDatabase } from './postgres-admin';
import { PostgresHealthIndicator, PostgresModule } from './postgres.module';
import { type QueryLogSink } from './query-log';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

@Entity({ name: 'note' })
class NoteEntity {
  @PrimaryColumn('text') id!: string;
  @Column('numeric', { precision: 38, scale: 0 }) amount!: string;
}

class CreateNote1700000000000 implements MigrationInterface {
  name = 'CreateNote1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('create table note (id text primary key, amount numeric(38,0) not null)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table note');
  }
}

@Injectable()
class NoteRepository {
  constructor(@InjectRepository(NoteEntity) private readonly notes: Repository<NoteEntity>) {}
  save(id: string, amount: bigint) {
    return this.notes.insert({ id, amount: amount.toString() });
  }
  async find(id: string): Promise<bigint | undefined> {
    const row = await this.notes.findOneBy({ id });
    return row ? BigInt(row.amount) : undefined;
  }
}

@Module({ imports: [PostgresModule.forFeature([NoteEntity])], providers: [NoteRepository] })
class NoteModule {}

describe(PostgresModule.name, () => {
  const database = `t_pg_${process.pid}_${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    expect(await createDatabase(SERVER_URL, database)).toBe(true);
    expect(await createDatabase(SERVER_URL, database)).toBe(false);
  });
  afterAll(() => dropDatabase(SERVER_URL, database));

  it("creates databases whose text keys compare byte by byte, in the cluster's encoding", async () => {
    const client = new Client({ connectionString: databaseUrl(SERVER_URL, database) });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select datcollate, pg_encoding_to_char(encoding) as encoding,
                (select pg_encoding_to_char(encoding) from pg_database where datname = 'template0') as cluster,
                array(select x from unnest(array['b', 'B', 'a', '_', 'é', 'A']) x order by x) as sorted
           from pg_database where datname = current_database()`,
      );
      expect(rows[0]).toEqual({
        datcollate: 'C',
        encoding: rows[0].cluster,
        cluster: rows[0].cluster,
        sorted: ['A', 'B', '_', 'a', 'b', 'é'],
      });
    } finally {
      await client.end();
    }
  });

  it('migrates, stores amounts beyond 2^53 exactly and answers health', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        PostgresModule.forRoot({
          url: databaseUrl(SERVER_URL, database),
          entities: [NoteEntity],
          migrations: [CreateNote1700000000000],
          migrationsRun: true,
        }),
        NoteModule,
      ],
    }).compile();
    await moduleRef.init();
    try {
      const repository = moduleRef.get(NoteRepository);
      const big = 2n ** 80n + 1n;
      await repository.save('n1', big);
      expect(await repository.find('n1')).toBe(big);
      await expect(moduleRef.get(PostgresHealthIndicator).check()).resolves.toBeUndefined();
      const applied = await moduleRef.get(DataSource).query('select name from migrations');
      expect(applied).toEqual([{ name: 'CreateNote1700000000000' }]);
    } finally {
      await moduleRef.close();
    }
  });

  it("logs failed queries and migrations through the service's logger, never a query's parameters", async () => {
    const other = `${database}_log`;
    await createDatabase(SERVER_URL, other);
    const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
    const sink = Object.fromEntries(
      ['debug', 'info', 'warn'].map((level) => [
        level,
        (fields: Record<string, unknown>, message: string) => lines.push({ level, fields, message }),
      ]),
    ) as unknown as QueryLogSink;
    const written = jest.spyOn(process.stdout, 'write');
    const moduleRef = await Test.createTestingModule({
      imports: [
        PostgresModule.forRoot({
          url: databaseUrl(SERVER_URL, other),
          entities: [NoteEntity],
          migrations: [CreateNote1700000000000],
          migrationsRun: true,
          logger: sink,
        }),
        NoteModule,
      ],
    }).compile();
    await moduleRef.init();
    try {
      const repository = moduleRef.get(NoteRepository);
      await repository.save('secret-id-1', 1n);
      // A duplicate key: a failure the caller handles (a taken e-mail, say), logged at debug with its SQLSTATE.
      await expect(repository.save('secret-id-1', 2n)).rejects.toThrow(/duplicate key/);
      await expect(
        moduleRef.get(DataSource).query('select * from no_such_table where id = $1', ['x']),
      ).rejects.toThrow();
    } finally {
      await moduleRef.close();
      await dropDatabase(SERVER_URL, other);
      written.mockRestore();
    }
    const failed = lines.filter((l) => l.message === 'query failed');
    expect(failed.map((l) => [l.level, l.fields['sqlState'], l.fields['parameters']])).toEqual([
      ['debug', '23505', 2],
      ['warn', '42P01', 1],
    ]);
    expect(failed[0]!.fields['query']).toMatch(/^INSERT INTO "note"/);
    expect(lines.some((l) => l.level === 'info' && l.message === 'migration')).toBe(true);
    // Neither the log nor standard output carries a parameter's value.
    expect(JSON.stringify(lines)).not.toContain('secret-id-1');
    expect(written.mock.calls.map(([chunk]) => String(chunk)).join('')).not.toContain('secret-id-1');
  });

  it('does not create tables without migrations (never synchronize)', async () => {
    const other = `${database}_b`;
    await createDatabase(SERVER_URL, other);
    const moduleRef = await Test.createTestingModule({
      imports: [
        PostgresModule.forRoot({
          url: databaseUrl(SERVER_URL, other),
          entities: [NoteEntity],
          migrations: [],
          migrationsRun: true,
        }),
      ],
    }).compile();
    await moduleRef.init();
    try {
      const tables = await moduleRef
        .get(DataSource)
        .query("select 1 from information_schema.tables where table_name = 'note'");
      expect(tables).toEqual([]);
    } finally {
      await moduleRef.close();
      await dropDatabase(SERVER_URL, other);
    }
  });

  it('refuses unsafe database names', async () => {
    await expect(createDatabase(SERVER_URL, 'x"; drop')).rejects.toThrow(/not a safe database name/);
  });
});
