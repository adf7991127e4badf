import pg from 'pg';

/** The URL of the server that the e2e global setup started (or `DATABASE_URL`). */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the e2e suites through jest');
  return url;
}

/**
 * Creates a fresh, empty database `name` on the server at `serverUrl` (dropping one of that name
 * first) and answers its URL.
 */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates a fresh, empty database on the test server and answers its URL. */
export function createTestDatabase(name: string): Promise<string> {
  return createDatabase(testServerUrl(), name);
}
