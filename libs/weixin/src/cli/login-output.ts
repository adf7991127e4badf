import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WeixinLoginCredentials } from '../login/weixin-login.types.js';

/** Where a `login` puts the credentials it obtained. */
export type LoginOutput = 'env' | 'json' | 'save';

/** The credentials as `WEIXIN_*` lines for a `.env` file or a shell. */
export function credentialsAsEnv(c: WeixinLoginCredentials): string {
  return [
    `WEIXIN_ACCOUNT_ID=${c.accountId}`,
    `WEIXIN_BOT_TOKEN=${c.token}`,
    `WEIXIN_BASE_URL=${c.baseUrl}`,
    '',
  ].join('\n');
}

/** The credentials as pretty JSON. */
export function credentialsAsJson(c: WeixinLoginCredentials): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}

function accountsDir(stateDir: string): string {
  return join(stateDir, 'accounts');
}

/** A file name that cannot leave the folder, whatever the account id holds. */
function fileNameOf(accountId: string): string {
  return `${encodeURIComponent(accountId).replace(/\./g, '%2E')}.json`;
}

/**
 * Stores the credentials as `<stateDir>/accounts/<accountId>.json` (folder 0700, file 0600) and
 * answers the file's path. A development convenience: production keeps tokens in a secret store.
 */
export async function saveCredentials(
  stateDir: string,
  c: WeixinLoginCredentials,
): Promise<string> {
  const dir = accountsDir(stateDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const file = join(dir, fileNameOf(c.accountId));
  await writeFile(file, credentialsAsJson({ ...c }), { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** Bot tokens saved in `stateDir` (for `local_token_list`), newest first; none when absent. */
export async function savedTokens(stateDir: string, max: number): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(accountsDir(stateDir))).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const found: { token: string; mtime: number }[] = [];
  for (const name of names) {
    try {
      const path = join(accountsDir(stateDir), name);
      const parsed = JSON.parse(await readFile(path, 'utf8')) as { token?: unknown };
      if (typeof parsed.token === 'string' && parsed.token) {
        const { mtimeMs } = await stat(path);
        found.push({ token: parsed.token, mtime: mtimeMs });
      }
    } catch {
      // An unreadable or foreign file is not a saved account: skip it.
    }
  }
  return found
    .sort((a, b) => b.mtime - a.mtime)
    .slice(0, max)
    .map((f) => f.token);
}
