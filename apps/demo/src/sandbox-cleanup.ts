import { Logger, type INestApplicationContext } from '@nestjs/common';
import { WeixinAccountsService, type WeixinAccountView } from 'nestjs-weixin';
import type { DemoEnvironment } from './demo-environment.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether an account belongs to the simulator of an earlier sandbox run (another loopback port). */
export function isStaleSandboxAccount(
  account: WeixinAccountView,
  simulatorBaseUrl: string,
): boolean {
  if (!account.baseUrl) return false;
  try {
    const stored = new URL(account.baseUrl);
    return LOOPBACK.has(stored.hostname) && stored.origin !== new URL(simulatorBaseUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Removes the bots that a QR login stored during an earlier sandbox run: they lived in that run's
 * simulator (its memory and its port) and can never be polled again, so they would keep `/health`
 * down. The sandbox bot itself keeps its id and token across runs.
 */
export async function forgetEarlierSandboxBots(
  app: INestApplicationContext,
  env: DemoEnvironment,
): Promise<void> {
  if (!env.simulator) return;
  const logger = new Logger('Sandbox');
  const accounts = app.get(WeixinAccountsService);
  for (const account of await accounts.list()) {
    if (env.accounts.some((a) => a.id === account.id)) continue;
    if (!isStaleSandboxAccount(account, env.simulator.baseUrl)) continue;
    await accounts.remove(account.id);
    logger.log(
      `removed ${account.id}: a QR login of an earlier sandbox run (its simulator is gone)`,
    );
  }
}
