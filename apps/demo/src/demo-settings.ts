import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An environment variable of the demo; an empty or blank value counts as unset (docker compose
 * passes `VAR: ${VAR:-}` through as an empty string).
 */
export function setting(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The folder of the demo's embedded database and generated keys (`DEMO_DATA_DIR`). */
export function demoDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return setting('DEMO_DATA_DIR', env) ?? join(tmpdir(), 'nestjs-weixin-demo');
}

/** The file holding the generated admin API key when `ADMIN_API_KEY` is not set. */
export function adminKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(demoDataDir(env), 'admin-api.key');
}
