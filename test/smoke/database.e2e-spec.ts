import pg from 'pg';
import { createTestDatabase } from '../support/test-database.js';

describe('test database', () => {
  it('serves a fresh database per suite', async () => {
    const url = await createTestDatabase('smoke_db');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('select current_database() as db');
    await client.end();
    expect(rows[0]!.db).toBe('smoke_db');
  });
});
