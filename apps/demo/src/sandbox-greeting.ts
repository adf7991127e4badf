import { Logger } from '@nestjs/common';
import type { DemoEnvironment } from './demo-environment.js';

/** In sandbox mode, a simulated user says hello once so the log shows the round trip. */
export async function greetInSandbox(env: DemoEnvironment): Promise<void> {
  const logger = new Logger('Sandbox');
  const sim = env.simulator;
  const account = env.accounts[0];
  if (!sim || !account) return;
  const user = 'demo-user@im.wechat';
  await sim.control.sendText(account.id, user, 'hello from the sandbox');
  logger.log(`${user} → bot: "hello from the sandbox"`);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const reply = (await sim.control.sent(account.id, user)).find((s) => s.accepted);
    if (reply) {
      logger.log(`bot → ${user}: "${reply.text}"`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  logger.warn('no reply from the bot within 15 s');
}
