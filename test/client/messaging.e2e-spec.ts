import { TypingStatus } from 'nestjs-weixin';
import { IlinkApiError } from 'nestjs-weixin';
import { IlinkEmptyResponseError } from 'nestjs-weixin';
import { IlinkHttpStatusError } from 'nestjs-weixin';
import { IlinkMalformedResponseError } from 'nestjs-weixin';
import { IlinkRejectedError } from 'nestjs-weixin';
import { IlinkSessionExpiredError } from 'nestjs-weixin';
import { IlinkTransportError } from 'nestjs-weixin';
import { useClientUnderTest } from './support/client-under-test.js';

const USER = 'o9cq8testuser@im.wechat';
const BIG_ID = '18446744073709551615';
const BIG_ID_2 = '9007199254740993';

function text(value: string) {
  return { type: 1, text_item: { text: value } };
}

describe('IlinkClient messaging against the simulator', () => {
  const t = useClientUnderTest({ longPollTimeoutMs: 2_000 });

  it('notifies start and stop with base_info and the POST headers', async () => {
    const { account } = await t.addBot();
    await t.client.notifyStart(account);
    await t.client.notifyStop(account);
    const calls = await t.sim.control.calls('notifystart');
    expect(calls).toHaveLength(1);
    expect((await t.sim.control.calls('notifystop')).length).toBe(1);
    const [call] = calls;
    expect(call!.body).toEqual({
      base_info: { channel_version: '2.4.9', bot_agent: 'NestjsWeixin/0.1.0' },
    });
    expect(call!.headers['authorization']).toBe(`Bearer ${account.token}`);
    expect(call!.headers['authorizationtype']).toBe('ilink_bot_token');
    expect(call!.headers['content-type']).toBe('application/json');
    expect(call!.headers['ilink-app-id']).toBe('bot');
    expect(call!.headers['ilink-app-clientversion']).toBe('132105');
    const uin = Buffer.from(call!.headers['x-wechat-uin']!, 'base64').toString('utf8');
    expect(uin).toMatch(/^\d{1,10}$/);
    expect(call!.headers['skroutetag']).toBeUndefined();
  });

  it('sends a fresh X-WECHAT-UIN per request and SKRouteTag when configured', async () => {
    const { account } = await t.addBot();
    const { IlinkClient } = await import('nestjs-weixin');
    const tagged = new IlinkClient({ baseUrl: t.sim.baseUrl, routeTag: 'route-7' });
    for (let i = 0; i < 5; i++) await tagged.notifyStart(account);
    await tagged.close();
    const calls = await t.sim.control.calls('notifystart');
    expect(calls).toHaveLength(5);
    expect(new Set(calls.map((call) => call.headers['x-wechat-uin'])).size).toBe(5);
    expect(calls.every((call) => call.headers['skroutetag'] === 'route-7')).toBe(true);
  });

  it('keeps ids above 2^53 exact from getupdates through a reply and a quote back', async () => {
    const { bot, account } = await t.addBot();
    const injected = await t.sim.control.sendText(bot.botId, USER, 'hello', {
      messageId: BIG_ID,
      quote: { svrId: BIG_ID_2, text: 'earlier' },
    });
    const updates = await t.client.getUpdates(account, '');
    expect(updates.ret).toBe(0);
    const [msg] = updates.msgs!;
    expect(msg!.message_id).toBe(BIG_ID);
    const itemId = msg!.item_list![0]!.msg_id as unknown;
    expect(typeof itemId).toBe('string');
    expect(BigInt(itemId as string) > 2n ** 53n).toBe(true);
    expect(msg!.item_list![0]!.ref_msg!.svr_id).toBe(BIG_ID_2);
    expect(msg!.context_token).toBe(injected.contextToken);

    const sent = await t.client.sendMessage(account, {
      to_user_id: USER,
      context_token: msg!.context_token,
      item_list: [text('echo')],
    });
    const [record] = await t.sim.control.sent(bot.botId, USER);
    expect(record!.accepted).toBe(true);
    expect(sent.messageId).toBe(record!.messageId);
    expect(BigInt(sent.messageId!) > 2n ** 53n).toBe(true);
    expect(record!.clientId).toBe(sent.clientId);

    await t.sim.control.sendText(bot.botId, USER, 'about that', {
      quote: { svrId: sent.messageId },
    });
    const next = await t.client.getUpdates(account, updates.get_updates_buf!);
    expect(next.msgs![0]!.item_list![0]!.ref_msg!.svr_id).toBe(sent.messageId);
  });

  it('fills the outbound message fields and a unique client_id', async () => {
    const { bot, account } = await t.addBot();
    const { contextToken } = await t.sim.control.sendText(bot.botId, USER, 'hi');
    const a = await t.client.sendMessage(account, {
      to_user_id: USER,
      context_token: contextToken,
      item_list: [text('one')],
    });
    const b = await t.client.sendMessage(account, {
      to_user_id: USER,
      context_token: contextToken,
      client_id: 'caller-chosen-1',
      item_list: [text('two')],
    });
    expect(a.clientId).not.toBe(b.clientId);
    expect(b.clientId).toBe('caller-chosen-1');
    const calls = await t.sim.control.calls('sendmessage');
    expect((calls[0]!.body as any).msg).toEqual({
      from_user_id: '',
      to_user_id: USER,
      client_id: a.clientId,
      message_type: 2,
      message_state: 2,
      context_token: contextToken,
      item_list: [text('one')],
    });
    expect((calls[0]!.body as any).base_info.channel_version).toBe('2.4.9');
  });

  it('answers an empty poll with the same cursor when its own deadline passes', async () => {
    const { account } = await t.addBot();
    const first = await t.client.getUpdates(account, '', { timeoutMs: 5_000 });
    const cursor = first.get_updates_buf!;
    const idle = await t.client.getUpdates(account, cursor, { timeoutMs: 200 });
    expect(idle).toEqual({ ret: 0, msgs: [], get_updates_buf: cursor });
    await t.sim.control.fault({ endpoint: 'getupdates', kind: 'slow', delayMs: 3_000 });
    expect(await t.client.getUpdates(account, cursor, { timeoutMs: 200 })).toEqual({
      ret: 0,
      msgs: [],
      get_updates_buf: cursor,
    });
  });

  it('rejects a caller abort of a long poll with an aborted transport error', async () => {
    const { account } = await t.addBot();
    const controller = new AbortController();
    const pending = t.client.getUpdates(account, '', { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(IlinkTransportError);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', endpoint: 'getupdates' });
    const aborted = new AbortController();
    aborted.abort();
    await expect(t.client.notifyStart(account, { signal: aborted.signal })).rejects.toMatchObject({
      kind: 'aborted',
    });
  });

  it('throws IlinkSessionExpiredError on -14 (expired session and injected fault)', async () => {
    const { bot, account } = await t.addBot();
    await t.sim.control.expireSession(bot.botId);
    const expired = t.client.getUpdates(account, '');
    await expect(expired).rejects.toBeInstanceOf(IlinkSessionExpiredError);
    await expect(expired).rejects.toMatchObject({ endpoint: 'getupdates', ret: -14, errcode: -14 });

    const other = await t.addBot();
    await t.sim.control.fault({ endpoint: 'sendmessage', kind: 'stale-session' });
    await expect(
      t.client.sendMessage(other.account, { to_user_id: USER, item_list: [text('x')] }),
    ).rejects.toBeInstanceOf(IlinkSessionExpiredError);
  });

  it('throws IlinkRejectedError on -2: injected, and on the 11th reply to one message', async () => {
    const { bot, account } = await t.addBot();
    const { contextToken } = await t.sim.control.sendText(bot.botId, USER, 'hi');
    const reply = () =>
      t.client.sendMessage(account, {
        to_user_id: USER,
        context_token: contextToken,
        item_list: [text('r')],
      });
    await t.sim.control.fault({ endpoint: 'sendmessage', kind: 'rate-limited' });
    const limited = reply();
    await expect(limited).rejects.toBeInstanceOf(IlinkRejectedError);
    await expect(limited).rejects.toMatchObject({
      ret: -2,
      errmsg: 'rate limited',
      rateLimited: true,
    });
    for (let i = 0; i < 10; i++) await reply();
    const eleventh = reply();
    await expect(eleventh).rejects.toBeInstanceOf(IlinkRejectedError);
    await expect(eleventh).rejects.toMatchObject({ endpoint: 'sendmessage', ret: -2 });
  });

  it('throws IlinkApiError for other ret codes', async () => {
    const { account } = await t.addBot();
    const upload = t.client.getUploadUrl(account, {
      filekey: '0123456789abcdef0123456789abcdef',
      media_type: 3,
      to_user_id: 'stranger@im.wechat',
      rawsize: 5,
      rawfilemd5: '5d41402abc4b2a76b9719d911017c592',
      filesize: 16,
      no_need_thumb: true,
      aeskey: '00112233445566778899aabbccddeeff',
    });
    await expect(upload).rejects.toBeInstanceOf(IlinkApiError);
    await expect(upload).rejects.not.toBeInstanceOf(IlinkRejectedError);
    await expect(upload).rejects.toMatchObject({ endpoint: 'getuploadurl', ret: -1 });
  });

  it('throws IlinkHttpStatusError, IlinkMalformedResponseError and reset transport errors', async () => {
    const { account } = await t.addBot();
    await t.sim.control.fault({ endpoint: 'getupdates', kind: 'http-error', status: 500 });
    const http = t.client.getUpdates(account, '');
    await expect(http).rejects.toBeInstanceOf(IlinkHttpStatusError);
    await expect(http).rejects.toMatchObject({ status: 500, endpoint: 'getupdates' });

    await t.sim.control.fault({ endpoint: 'getupdates', kind: 'malformed-json' });
    const malformed = t.client.getUpdates(account, '');
    await expect(malformed).rejects.toBeInstanceOf(IlinkMalformedResponseError);
    await expect(malformed).rejects.toMatchObject({ reason: 'invalid-json' });

    await t.sim.control.fault({ endpoint: 'notifystart', kind: 'reset' });
    const reset = t.client.notifyStart(account);
    await expect(reset).rejects.toBeInstanceOf(IlinkTransportError);
    await expect(reset).rejects.toMatchObject({ kind: 'reset', endpoint: 'notifystart' });
  });

  it('treats an empty sendmessage body as delivery unknown, never as success', async () => {
    const { bot, account } = await t.addBot();
    const { contextToken } = await t.sim.control.sendText(bot.botId, USER, 'hi');
    await t.sim.control.fault({ endpoint: 'sendmessage', kind: 'empty-body' });
    const send = t.client.sendMessage(account, {
      to_user_id: USER,
      context_token: contextToken,
      item_list: [text('lost?')],
    });
    await expect(send).rejects.toBeInstanceOf(IlinkEmptyResponseError);
    await expect(send).rejects.toMatchObject({ reason: 'empty', endpoint: 'sendmessage' });
    await expect(send).rejects.toThrow(/delivery is unknown/);
  });

  it('fetches a typing ticket and sends typing and cancel with the status field', async () => {
    const { bot, account } = await t.addBot();
    const { contextToken } = await t.sim.control.sendText(bot.botId, USER, 'hi');
    const { typingTicket } = await t.client.getConfig(account, USER, contextToken);
    expect(typingTicket).toEqual(expect.any(String));
    await t.client.sendTyping(account, USER, typingTicket, TypingStatus.Typing);
    expect((await t.sim.control.typing(bot.botId, USER)).status).toBe('typing');
    await t.client.sendTyping(account, USER, typingTicket, TypingStatus.Cancel);
    const typing = await t.sim.control.typing(bot.botId, USER);
    expect(typing.status).toBe('idle');
    expect(typing.events.map((event) => event.status)).toEqual([1, 2]);
    expect(typing.getconfigCalls).toBe(1);
    const [call] = await t.sim.control.calls('sendtyping');
    expect(call!.body).toMatchObject({
      ilink_user_id: USER,
      typing_ticket: typingTicket,
      status: 1,
    });
    const [config] = await t.sim.control.calls('getconfig');
    expect(config!.body).toMatchObject({ ilink_user_id: USER, context_token: contextToken });
  });

  it('rejects a typing call with a bad ticket as IlinkRejectedError', async () => {
    const { account } = await t.addBot();
    await expect(
      t.client.sendTyping(account, USER, 'not-a-ticket', TypingStatus.Typing),
    ).rejects.toBeInstanceOf(IlinkRejectedError);
  });
});
