import { Injectable } from '@nestjs/common';
import {
  OnWeixinMessage,
  type CustomerServiceTypingChannelOptions,
  type WeixinMessageContext,
} from 'nestjs-weixin';
import { sleep, waitFor } from '../support/wait-for.js';
import { useTypingApp } from './typing-app.js';

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
  const t = useTypingApp('typing_handler_channel', {
    prepare: (sim) => sim.fakes.wechat.addApp({ ...OA, kind: 'official-account' }),
    options: (sim) => {
      const cs = {
        name: 'cs',
        kind: 'official-account',
        appId: OA.appId,
        appSecret: OA.secret,
        baseUrl: sim.baseUrl,
      } as CustomerServiceTypingChannelOptions;
      return { typing: { keepAliveMs: 300, channels: { customerService: [cs] } } };
    },
    providers: [CrossChannelBot],
  });
  const user = 'handler-typing@im.wechat';

  const csCalls = (openId: string) =>
    t.sim.fakes.wechat.calls
      .filter((c) => c.openId === openId)
      .map((c) => ({ command: c.command, errcode: c.errcode }));
  const replies = async () => (await t.sim.control.sent(t.bot.botId, user)).map((m) => m.text);

  it('types to the addressee `to` finds while the handler runs, then cancels', async () => {
    t.sim.fakes.wechat.userWrote(OA.appId, 'openid-ann');
    t.typing.userInteracted('cs', 'openid-ann');
    await t.sim.control.sendText(t.bot.botId, user, 'cs ann');
    await waitFor(async () => (await replies()).includes('done ann'), 'the reply');
    await waitFor(() => csCalls('openid-ann').length >= 2, 'the cancel');
    expect(csCalls('openid-ann')).toEqual([
      { command: 'Typing', errcode: 0 },
      { command: 'CancelTyping', errcode: 0 },
    ]);
    // Nothing went to the iLink sender.
    expect((await t.sim.control.typing(t.bot.botId, user)).events).toEqual([]);
  });

  it('a refusal by the channel (no interaction in 30 s) skips typing, never the handler', async () => {
    await t.sim.control.sendText(t.bot.botId, user, 'cs bob');
    await waitFor(async () => (await replies()).includes('done bob'), 'the reply');
    expect(csCalls('openid-bob')).toEqual([]);
    expect(runs.filter((r) => r === 'cs bob')).toHaveLength(1);
  });

  it('`to` answering undefined runs the handler without typing', async () => {
    await t.sim.control.sendText(t.bot.botId, user, 'nobody');
    await waitFor(async () => (await replies()).includes('no typing'), 'the reply');
    expect(runs.filter((r) => r === 'nobody')).toHaveLength(1);
  });
});
