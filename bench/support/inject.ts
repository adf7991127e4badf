import type { SimulatorControlClient } from 'nestjs-weixin/testing';

/** Injects `count` text messages for `botId` from `users` users, `concurrency` requests at a time. */
export async function injectBacklog(
  control: SimulatorControlClient,
  botId: string,
  count: number,
  users: number,
  tag: string,
  concurrency = 16,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        await control.sendText(botId, `${tag}u${i % users}@im.wechat`, `${tag}m${i}`);
      }
    }),
  );
}
