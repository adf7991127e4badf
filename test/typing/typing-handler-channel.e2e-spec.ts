import { Injectable, type INestApplicationContext } from '@nestjs/common';
import {
  OnWeixinMessage,
  TypingService,
  WeixinAccountsService,
  type CustomerServiceTypingChannelOptions,
  type WeixinMessageContext,
} from 'nestjs-weixin';
import { startSimulator, type IlinkSimulator, type SimBot } from 'nestjs-weixin/testing';
import { createTestDatabase } from '../support/test-database.js';
import { sleep, waitFor } from '../support/wait-for.js';
import { bootTypingApp } from './typing-app.js';

const OA = { appId: 'wx-oa-handler', secret: 'oa-secret' };
const runs: string[] = [];

/** Answers `cs <name>` while "typing…" shows to the OpenID `openid-<name>` on customer service. */
@Injectable()
class CrossChannelBot {
  @OnWeixinMessage({
    text: /^cs \w+$/,
    typing: {
      channel: 'cs',
      to: (ctx) => ({ userId: `openid-${ctx.text.slice(3)}` }),
    },
  })
  async answer(ctx: WeixinMessageContext): Promise<string> {
    runs.push(ctx.text);
    await sleep(400);
    return `done ${ctx.text.slice(3)}`;
  }

  /** No addressee for this message: the handler runs without typing. */
  @OnWeixinMessage({ text: 'nobody', typing: { channel: 'cs', to: () => undefined } })
  nobody(ctx: WeixinMessageContext): string {
    runs.push(ctx.text);
    return 'no typing';
  }
}

describe('@OnWeixinMessage({ typing: { channel, to } }) on another channel', () => {
  let sim: IlinkSimulator;
  let bot: SimBot;
  let app: INestApplicationContext;
  let typing: TypingService;
  const user = 'handler-typing@im.wechat';

  const csCalls = (openId: string) =>
    sim.fakes.wechat.calls
      .filter((c) => c.openId === openId)
      .map((c) => ({ command: c.command, errcode: c.errcode }));
  const replies = async () => (await sim.control.sent(bot.botId, user)).map((m) => m.text);

  beforeAll(async () => {
    sim = await startSimulator({ longPollTimeoutMs: 1_000 });
    sim.fakes.wechat.addApp({ ...OA, kind: 'official-account' });
    bot = await sim.control.addBot();
    const url = await createTestDatabase('typing_handler_channel');
    const cs = {
      name: 'cs',
      kind: 'official-account',
      appId: OA.appId,
      appSecret: OA.secret,
      baseUrl: sim.baseUrl,
    } as CustomerServiceTypingChannelOptions;
    app = await bootTypingApp(
      sim,
      bot,
      url,
      { typing: { keepAliveMs: 300, channels: { customerService: [cs] } } },
      [CrossChannelBot],
    );
    await app.get(WeixinAccountsService).seedFromOptions();
    typing = app.get(TypingService);
  });

  afterAll(async () => {
    await app?.close();
    await sim?.close();
  });

  it('types to the addressee `to` finds while the handler runs, then cancels', async () => {
    sim.fakes.wechat.userWrote(OA.appId, 'openid-ann');
    typing.userInteracted('cs', 'openid-ann');
    await sim.control.sendText(bot.botId, user, 'cs ann');
    await waitFor(async () => (await replies()).includes('done ann'), 'the reply');
    await waitFor(() => csCalls('openid-ann').length >= 2, 'the cancel');
    expect(csCalls('openid-ann')).toEqual([
      { command: 'Typing', errcode: 0 },
      { command: 'CancelTyping', errcode: 0 },
    ]);
    // Nothing went to the iLink sender.
    expect((await sim.control.typing(bot.botId, user)).events).toEqual([]);
  });

  it('a refusal by the channel (no interaction in 30 s) skips typing, never the handler', async () => {
    await sim.control.sendText(bot.botId, user, 'cs bob');
    await waitFor(async () => (await replies()).includes('done bob'), 'the reply');
    expect(csCalls('openid-bob')).toEqual([]);
    expect(runs.filter((r) => r === 'cs bob')).toHaveLength(1);
  });

  it('`to` answering undefined runs the handler without typing', async () => {
    await sim.control.sendText(bot.botId, user, 'nobody');
    await waitFor(async () => (await replies()).includes('no typing'), 'the reply');
    expect(runs.filter((r) => r === 'nobody')).toHaveLength(1);
  });
});
