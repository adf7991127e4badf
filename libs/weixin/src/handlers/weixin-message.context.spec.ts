import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import { MessageItemType, type WeixinMessage } from '../protocol/index.js';
import type { WeixinProgressSender, WeixinReplySender } from './weixin-message.context.js';
import type { ProgressStep } from '../interfaces/outbound.types.js';
import { WeixinMessageContext, type WeixinMediaDownloader } from './weixin-message.context.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';

class RecordingSender implements WeixinReplySender {
  readonly sent: [WeixinMessageContext, WeixinReply][] = [];
  send(ctx: WeixinMessageContext, content: WeixinReply): Promise<void> {
    this.sent.push([ctx, content]);
    return Promise.resolve();
  }
}

const context = (message: WeixinMessage, messageId?: string) =>
  new WeixinMessageContext(
    { accountId: 'bot@im.bot', inboxId: '7', message, attempt: 2, messageId },
    new RecordingSender(),
  );

describe('WeixinMessageContext', () => {
  it('reads the fields of a text message', () => {
    const raw: WeixinMessage = {
      message_id: '18446744073709551615',
      from_user_id: 'alice@im.wechat',
      create_time_ms: 1_700_000_000_123,
      context_token: 'ctx==',
      item_list: [
        { type: MessageItemType.Image, image_item: {} },
        { type: MessageItemType.Text, text_item: { text: 'first' } },
        { type: MessageItemType.Text, text_item: { text: 'second' } },
      ],
    };
    const ctx = context(raw);
    expect(ctx).toMatchObject({
      accountId: 'bot@im.bot',
      messageId: '18446744073709551615',
      inboxId: '7',
      from: 'alice@im.wechat',
      text: 'first',
      kinds: ['image', 'text'],
      contextToken: 'ctx==',
      attempt: 2,
    });
    expect(ctx.items).toBe(raw.item_list);
    expect(ctx.raw).toBe(raw);
    expect(ctx.createTime).toEqual(new Date(1_700_000_000_123));
    expect(ctx.quote).toBeUndefined();
  });

  it('falls back to the voice transcript, then to an empty text', () => {
    const voice = context({
      item_list: [{ type: MessageItemType.Voice, voice_item: { text: 'spoken' } }],
    });
    expect(voice.text).toBe('spoken');
    expect(voice.kinds).toEqual(['voice']);
    const file = context({ item_list: [{ type: MessageItemType.File, file_item: {} }] });
    expect(file.text).toBe('');
    const empty = context({});
    expect(empty).toMatchObject({ text: '', kinds: [], items: [], from: '', messageId: '' });
    expect(empty.createTime).toBeUndefined();
    expect(empty.contextToken).toBeUndefined();
  });

  it('prefers the inbox message id, else reads it from the items', () => {
    expect(context({ message_id: '1' }, '99').messageId).toBe('99');
    expect(context({ item_list: [{ msg_id: '' }, { msg_id: '42' }] }).messageId).toBe('42');
  });

  it('reads the quote from the first item with ref_msg', () => {
    const quoted = { type: MessageItemType.Text, msg_id: '555', text_item: { text: 'earlier' } };
    const ctx = context({
      item_list: [
        {
          type: MessageItemType.Text,
          text_item: { text: 'reply' },
          ref_msg: { message_item: quoted, title: 'Alice: earlier' },
        },
        { type: MessageItemType.Text, ref_msg: { svr_id: '1' } },
      ],
    });
    expect(ctx.quote).toEqual({
      svrId: '555',
      title: 'Alice: earlier',
      text: 'earlier',
      item: quoted,
    });
    expect(context({ item_list: [{ ref_msg: { svr_id: '9007199254740993' } }] }).quote).toEqual({
      svrId: '9007199254740993',
    });
  });

  it('delegates reply to the sender with itself', async () => {
    const sender = new RecordingSender();
    const ctx = new WeixinMessageContext(
      { accountId: 'a', inboxId: '1', message: {}, attempt: 1 },
      sender,
    );
    await ctx.reply('hi');
    await ctx.reply({ text: 'there' });
    expect(sender.sent).toEqual([
      [ctx, 'hi'],
      [ctx, { text: 'there' }],
    ]);
  });

  it('downloads its media through the injected downloader, with its account and message', async () => {
    const calls: unknown[][] = [];
    const downloader: WeixinMediaDownloader = {
      download: (...args: unknown[]) => {
        calls.push(args);
        return Promise.resolve({
          as: 'buffer',
          buffer: Buffer.from('png'),
          size: 3,
          kind: 'image',
          mime: 'image/png',
          thumbnail: false,
        }) as never;
      },
    };
    const raw: WeixinMessage = { from_user_id: 'a@im.wechat', item_list: [] };
    const ctx = new WeixinMessageContext(
      { accountId: 'bot@im.bot', inboxId: '1', message: raw, attempt: 1, downloader },
      new RecordingSender(),
    );
    const media = await ctx.download({ thumbnail: true });
    expect(media.buffer.toString()).toBe('png');
    expect(calls).toEqual([['bot@im.bot', raw, { thumbnail: true }]]);
  });

  it('refuses download() without a downloader', async () => {
    await expect(context({ item_list: [] }).download()).rejects.toThrow(WeixinHandlerError);
  });
});

describe('WeixinMessageContext progress and quoting replies', () => {
  const steps: [ProgressStep, number][] = [];
  const progress: WeixinProgressSender = {
    sendProgress: (_ctx, step, n) => {
      steps.push([step, n]);
      return Promise.resolve({ id: String(n), kind: 'progress', state: 'accepted' } as never);
    },
  };
  const withProgress = () =>
    new WeixinMessageContext(
      {
        accountId: 'bot@im.bot',
        inboxId: '7',
        message: { message_id: '42', item_list: [{ type: 1, text_item: { text: 'q' } }] },
        attempt: 1,
        progress,
      },
      new RecordingSender(),
    );

  beforeEach(() => steps.splice(0));

  it('numbers items and pairs a result with the latest unfinished start of its tool', async () => {
    const ctx = withProgress();
    await ctx.progress({ tool: 'a' });
    await ctx.progress({ tool: 'a' });
    await ctx.progress({ tool: 'a', status: 'completed' });
    await ctx.progress({ tool: 'a', status: 'completed' });
    expect(steps).toEqual([
      [{ tool: 'a', callId: '7-1' }, 1],
      [{ tool: 'a', callId: '7-2' }, 2],
      [{ tool: 'a', callId: '7-2', status: 'completed' }, 3],
      [{ tool: 'a', callId: '7-1', status: 'completed' }, 4],
    ]);
  });

  it('step() reports failed and throws on when the work throws', async () => {
    const ctx = withProgress();
    await expect(
      ctx.step('b', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(steps.map(([s]) => s.status)).toEqual([undefined, 'failed']);
    expect(steps[0]![0].callId).toBe(steps[1]![0].callId);
  });

  it('refuses progress without a progress sender', async () => {
    await expect(context({}).progress({ tool: 'x' })).rejects.toBeInstanceOf(WeixinHandlerError);
  });

  it('makes quote: true explicit with the message id and text', () => {
    const ctx = withProgress();
    expect(ctx.withQuote({ text: 'r', quote: true })).toEqual({
      text: 'r',
      quote: { svrId: '42', text: 'q' },
    });
    expect(ctx.withQuote('plain')).toBe('plain');
  });
});
