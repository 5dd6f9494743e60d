import type { Client, InArgs, InValue, ResultSet, Transaction } from '@libsql/client';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * A Kysely dialect over `@libsql/client`. The published `@libsql/kysely-libsql` pins an old
 * client, so we keep this small driver instead (ADR 0002).
 *
 * One writer: SQLite allows a single writer at a time, and libSQL's local calls are
 * synchronous, so a connection that waits for the file lock blocks the event loop — including
 * the transaction it is waiting for. Every write in this process (transactions, which take
 * `BEGIN IMMEDIATE`, and single write statements) therefore first takes an async mutex shared by
 * all clients of the same file. Other processes are handled by the busy timeout. In WAL mode
 * reads never wait for the writer, so they skip the mutex.
 */
export interface LibsqlDialectOptions {
  /** The client every write goes through: transactions and single write statements. */
  writer: Client;
  /**
   * A separate pooled client for reads outside transactions (WAL readers never wait for the
   * writer). Without one, reads share the writer and wait for its transactions (`:memory:`).
   */
  reader?: Client;
  /** Identifies the database file, so every client of one file in this process shares a mutex. */
  fileKey?: string;
}

export class LibsqlDialect implements Dialect {
  constructor(private readonly options: LibsqlDialectOptions) {}

  createAdapter() {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new LibsqlDriver(this.options, writerFor(this.options.fileKey));
  }

  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();

  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
}

const writers = new Map<string, Mutex>();

/** One mutex per database file per process; an unnamed database gets its own. */
function writerFor(fileKey: string | undefined): Mutex {
  if (fileKey === undefined) return new Mutex();
  let writer = writers.get(fileKey);
  if (!writer) {
    writer = new Mutex();
    writers.set(fileKey, writer);
  }
  return writer;
}

const WRITE_STATEMENT = /^\s*(insert|update|delete|replace|create|drop|alter|pragma|vacuum|reindex|with)\b/i;

class LibsqlConnection implements DatabaseConnection {
  transaction: Transaction | undefined;
  releaseWriter: (() => void) | undefined;

  constructor(
    private readonly clients: LibsqlDialectOptions,
    private readonly writer: Mutex,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statement = { sql: compiledQuery.sql, args: compiledQuery.parameters.map(toInValue) as InArgs };
    let result: ResultSet;
    if (this.transaction) {
      result = await this.transaction.execute(statement);
    } else if (!this.clients.reader || WRITE_STATEMENT.test(compiledQuery.sql)) {
      const release = await this.writer.lock();
      try {
        result = await this.clients.writer.execute(statement);
      } finally {
        release();
      }
    } else {
      result = await this.clients.reader.execute(statement);
    }
    const isWrite = result.columns.length === 0 || /^\s*(insert|update|delete|replace)\b/i.test(compiledQuery.sql);
    return {
      rows: result.rows.map((row) => Object.fromEntries(result.columns.map((column, index) => [column, row[index]]))) as R[],
      ...(isWrite ? { numAffectedRows: BigInt(result.rowsAffected) } : {}),
      ...(result.lastInsertRowid !== undefined ? { insertId: result.lastInsertRowid } : {}),
    };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(compiledQuery);
  }
}

class LibsqlDriver implements Driver {
  constructor(
    private readonly clients: LibsqlDialectOptions,
    private readonly writer: Mutex,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new LibsqlConnection(this.clients, this.writer);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const libsqlConnection = connection as LibsqlConnection;
    const release = await this.writer.lock();
    try {
      libsqlConnection.transaction = await this.clients.writer.transaction('write');
      libsqlConnection.releaseWriter = release;
    } catch (error) {
      release();
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const libsqlConnection = connection as LibsqlConnection;
    try {
      await libsqlConnection.transaction?.commit();
    } finally {
      this.endTransaction(libsqlConnection);
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const libsqlConnection = connection as LibsqlConnection;
    try {
      await libsqlConnection.transaction?.rollback();
    } finally {
      this.endTransaction(libsqlConnection);
    }
  }

  private endTransaction(connection: LibsqlConnection): void {
    connection.transaction?.close();
    connection.transaction = undefined;
    const release = connection.releaseWriter;
    connection.releaseWriter = undefined;
    release?.();
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    this.clients.writer.close();
    this.clients.reader?.close();
  }
}

function toInValue(value: unknown): InValue {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  return value as InValue;
}

export { CompiledQuery };
