import { Injectable } from '@nestjs/common';
import type { IlinkSimulator, SimBot } from 'nestjs-weixin/testing';
import {
  OnWeixinMessage,
  type WeixinMessageContext,
  type WeixinQuote,
  type WeixinTextReply,
} from 'nestjs-weixin';
import { useE2eBoot } from '../support/e2e-boot.js';
import { waitFor } from '../support/wait-for.js';

/** What a handler saw of one message, by its text. */
interface Seen {
  quote?: WeixinQuote;
  quotedBytes?: string;
}

const seen = new Map<string, Seen>();

/** Records every message's quote; `reply-quoting …` answers with a quote of the message. */
@Injectable()
class QuoteHandler {
  @OnWeixinMessage()
  async onMessage(ctx: WeixinMessageContext): Promise<string | WeixinTextReply> {
    const entry: Seen = {};
    if (ctx.quote) entry.quote = ctx.quote;
    if (ctx.text.startsWith('download ')) {
      entry.quotedBytes = (await ctx.downloadQuote()).buffer.toString('utf8');
    }
    seen.set(ctx.text || `[${ctx.kinds.join(',')}]`, entry);
    if (ctx.text.startsWith('reply-quoting')) return { text: 'quoted you', quote: true };
    return `ack ${ctx.text}`;
  }
}

const ALICE = 'alice@im.wechat';
const MALLORY = 'mallory@im.wechat';
const ORIGINAL = 'apples and pears, apples and plums, apples and pears again';

describe('quotes: full, id-only and partial quotes reach the handler resolved', () => {
  let sim: IlinkSimulator;
  let bot: SimBot;
  let originalId: string;

  const handled = (text: string): Promise<Seen> =>
    waitFor(() => seen.get(text), `handler saw "${text}"`);

  const boot = useE2eBoot('quotes_e2e', {
    setupSql: [],
    app: { handlers: [QuoteHandler], options: { dispatch: { retryDelayMs: 20 } } },
  });
  beforeAll(async () => {
    ({ sim, bot } = boot);
    originalId = (await sim.control.sendText(bot.botId, ALICE, ORIGINAL)).messageId;
    await handled(ORIGINAL);
  });

  it('passes a full quote as the wire carries it', async () => {
    await sim.control.sendText(bot.botId, ALICE, 'full quote', {
      quote: { svrId: originalId, full: true },
    });
    const { quote } = await handled('full quote');
    expect(quote).toMatchObject({ svrId: originalId, title: ORIGINAL, text: ORIGINAL });
    expect(quote?.item?.text_item?.text).toBe(ORIGINAL);
    expect(quote?.resolvedFrom).toBeUndefined();
  });

  it('resolves an svr_id-only quote of the user’s message from the inbox', async () => {
    await sim.control.sendText(bot.botId, ALICE, 'id-only quote', { quote: { svrId: originalId } });
    const { quote } = await handled('id-only quote');
    expect(quote).toMatchObject({ svrId: originalId, text: ORIGINAL, resolvedFrom: 'inbox' });
    expect(quote?.title).toBeUndefined();
    expect(quote?.item?.text_item?.text).toBe(ORIGINAL);
    expect(quote?.message?.from_user_id).toBe(ALICE);
  });

  it('resolves an svr_id-only quote of the bot’s own reply from the sent messages', async () => {
    const ack = await waitFor(
      async () =>
        (await sim.control.sent(bot.botId, ALICE)).find((s) => s.text === `ack ${ORIGINAL}`),
      'the bot’s ack of the original',
    );
    await sim.control.sendText(bot.botId, ALICE, 'quote of the bot', {
      quote: { svrId: ack.messageId },
    });
    const { quote } = await handled('quote of the bot');
    expect(quote).toMatchObject({
      svrId: ack.messageId,
      text: `ack ${ORIGINAL}`,
      resolvedFrom: 'sent',
    });
  });

  it.each([
    ['over the whole text', 'text' as const],
    ['from just after the start snippet', 'start' as const],
  ])('locates a partial quote whose endindex counts %s (quotemd5 decides)', async (_, from) => {
    // The end snippet "nd pears" also occurs before the selection: the two readings of
    // endindex give 1 (whole text) and 0 (after the start snippet) for the same selection.
    const selected = 'apples and plums, apples and pears';
    const at = ORIGINAL.indexOf(selected);
    const text = `partial ${from}`;
    await sim.control.sendText(bot.botId, ALICE, text, {
      quote: {
        svrId: originalId,
        partial: { from: at, to: at + selected.length, endIndexFrom: from },
      },
    });
    const { quote } = await handled(text);
    expect(quote?.resolvedFrom).toBe('inbox');
    expect(quote?.partial).toMatchObject({
      start: 'apples a',
      end: 'nd pears',
      startIndex: 1,
      endIndex: from === 'text' ? 1 : 0,
    });
    expect(quote?.partial?.text).toBe(selected);
  });

  it('locates a partial quote of the middle occurrence without quotemd5', async () => {
    const at = ORIGINAL.indexOf('apples and plums');
    await sim.control.sendText(bot.botId, ALICE, 'partial no md5', {
      quote: {
        svrId: originalId,
        text: ORIGINAL,
        partial: { from: at, to: at + 'apples and plums'.length, md5: false },
      },
    });
    const { quote } = await handled('partial no md5');
    expect(quote?.partial?.quoteMd5).toBeUndefined();
    expect(quote?.partial?.text).toBe('apples and plums');
  });

  it('never resolves a quote of another user’s message', async () => {
    await sim.control.sendText(bot.botId, MALLORY, 'peek', { quote: { svrId: originalId } });
    const { quote } = await handled('peek');
    expect(quote).toEqual({ svrId: originalId });
  });

  it('keeps an id-only quote of an unknown message as it came', async () => {
    await sim.control.sendText(bot.botId, ALICE, 'unknown quote', {
      quote: { svrId: '18446744073709551615', title: 'gone' },
    });
    const { quote } = await handled('unknown quote');
    expect(quote).toEqual({ svrId: '18446744073709551615', title: 'gone' });
  });

  it('resolves the media of an id-only quote of an image, and downloads it', async () => {
    const image = await sim.control.sendImage(bot.botId, ALICE, Buffer.from('image bytes'));
    await handled('[image]');
    await sim.control.sendText(bot.botId, ALICE, 'download id-only', {
      quote: { svrId: image.messageId },
    });
    const idOnly = await handled('download id-only');
    expect(idOnly.quote?.resolvedFrom).toBe('inbox');
    expect(idOnly.quote?.item?.type).toBe(2);
    expect(idOnly.quotedBytes).toBe('image bytes');
    await sim.control.sendText(bot.botId, ALICE, 'download full', {
      quote: { svrId: image.messageId, full: true },
    });
    const full = await handled('download full');
    expect(full.quote?.resolvedFrom).toBeUndefined();
    expect(full.quotedBytes).toBe('image bytes');
  });

  it('sends a reply that quotes the message it answers (ref_msg with its svr_id)', async () => {
    const { messageId } = await sim.control.sendText(bot.botId, ALICE, 'reply-quoting me');
    const reply = await waitFor(
      async () => (await sim.control.sent(bot.botId, ALICE)).find((s) => s.text === 'quoted you'),
      'the quoting reply',
    );
    expect(reply.accepted).toBe(true);
    expect(reply.quotedSvrId).toBe(messageId);
    expect(reply.item.ref_msg).toMatchObject({
      message_item: { type: 1, text_item: { text: 'reply-quoting me' } },
    });
  });
});
