import pg from 'pg';
import { DataSource } from 'typeorm';
import { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS } from 'nestjs-weixin';
import { createTestDatabase } from './test-database.js';
import { useHooked } from './use-hooked.js';

/** A fresh database with the library's entities and migrations registered. */
export interface SchemaDatabase {
  /** The database's URL. */
  url: string;
  ds: DataSource;
  /** A plain connection for catalogue queries. */
  sql: pg.Client;
  close(): Promise<void>;
}

/** Settings of `openSchemaDatabase`. */
export interface SchemaDatabaseOptions {
  /** Run the migrations when the DataSource opens (default: not run). */
  migrationsRun?: boolean;
  /** Connections of the DataSource's pool. */
  poolSize?: number;
}

/** Creates database `name` and opens a DataSource and a plain client on it. */
export async function openSchemaDatabase(
  name: string,
  o: SchemaDatabaseOptions = {},
): Promise<SchemaDatabase> {
  const url = await createTestDatabase(name);
  const ds = new DataSource({
    type: 'postgres',
    url,
    entities: WEIXIN_ENTITIES,
    migrations: WEIXIN_MIGRATIONS,
    migrationsRun: o.migrationsRun ?? false,
    ...(o.poolSize === undefined ? {} : { extra: { max: o.poolSize } }),
  });
  await ds.initialize();
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  return {
    url,
    ds,
    sql,
    close: async () => {
      await sql.end();
      await ds.destroy();
    },
  };
}

/**
 * `openSchemaDatabase` in the suite's `beforeAll` and `close()` in its `afterAll`; the fields are
 * set once `beforeAll` has run.
 */
export function useSchemaDatabase(name: string, o: SchemaDatabaseOptions = {}): SchemaDatabase {
  return useHooked(() => openSchemaDatabase(name, o));
}
