import pg from 'pg';
import { DataSource } from 'typeorm';
import { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS } from 'nestjs-weixin';
import { createTestDatabase } from './test-database.js';

/** A fresh database with the library's entities and migrations registered (not yet run). */
export interface SchemaDatabase {
  ds: DataSource;
  /** A plain connection for catalogue queries. */
  sql: pg.Client;
  close(): Promise<void>;
}

/** Creates database `name` and opens a DataSource and a plain client on it. */
export async function openSchemaDatabase(name: string): Promise<SchemaDatabase> {
  const url = await createTestDatabase(name);
  const ds = new DataSource({
    type: 'postgres',
    url,
    entities: WEIXIN_ENTITIES,
    migrations: WEIXIN_MIGRATIONS,
  });
  await ds.initialize();
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  return {
    ds,
    sql,
    close: async () => {
      await sql.end();
      await ds.destroy();
    },
  };
}
