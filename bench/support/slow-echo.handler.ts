import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { OnWeixinMessage, type WeixinMessageContext } from 'nestjs-weixin';

/** The handler of the benchmarks against the official client: 100 ms of work, then one reply. */
export const SLOW_ECHO_MS = 100;

/** Waits `SLOW_ECHO_MS`, then replies `echo: <text>` (the official peer's handler does the same). */
@Injectable()
export class SlowEchoHandler {
  @OnWeixinMessage()
  async onMessage(ctx: WeixinMessageContext): Promise<string> {
    await sleep(SLOW_ECHO_MS);
    return `echo: ${ctx.text}`;
  }
}
