import { TypingStatus } from '../protocol/enums.js';
import { IlinkApiError } from './errors/ilink-api.error.js';
import { IlinkHttpStatusError } from './errors/ilink-http-status.error.js';
import { IlinkInvalidRequestError } from './errors/ilink-invalid-request.error.js';
import { IlinkTransportError } from './errors/ilink-transport.error.js';
import { WeixinHostNotAllowedError } from './errors/weixin-host-not-allowed.error.js';
import { WeixinMediaTooLargeError } from './errors/weixin-media-too-large.error.js';
import { IlinkClient } from './ilink-client.js';
import type { IlinkAccount } from './ilink-client.options.js';
import { printed, useLocalServer, type Seen } from './local-server-spec.fixture.js';

const TOKEN = 'b0f5860fdecb@im.bot:SECRET-TOKEN-7f3a9c';
const QRCODE = 'QR-SECRET-ID-55aa';
const CONTEXT = 'CTX-SECRET-TOKEN-991';
const VERIFY = '884211';
const TICKET = 'TICKET-SECRET-0042';
const SECRETS = [TOKEN, 'SECRET-TOKEN-7f3a9c', QRCODE, CONTEXT, VERIFY, TICKET];

describe('IlinkClient (local server)', () => {
  const local = useLocalServer({ routeTag: 'rt-1' });
  let account: IlinkAccount;

  beforeEach(() => {
    account = { accountId: 'b0f5860fdecb@im.bot', token: ` ${TOKEN} ` };
  });

  it('never puts tokens, QR ids, context tokens, tickets or verify codes into errors', async () => {
    const errors: unknown[] = [];
    const capture = (promise: Promise<unknown>) =>
      promise.then(
        () => errors.push(new Error('expected a failure')),
        (error: unknown) => errors.push(error),
      );
    // The server echoes whatever it received, secrets included, into its failures.
    local.handler = (req, res) => {
      const echo = `${req.url} ${JSON.stringify(req.headers)} ${req.body}`;
      if (req.url.includes('sendtyping')) {
        res.end(JSON.stringify({ ret: 1, errmsg: `bad ticket in ${echo}` }));
      } else if (req.url.includes('get_qrcode_status')) {
        res.writeHead(403).end(echo);
      } else {
        res.writeHead(500).end(echo);
      }
    };
    await capture(
      local.client.sendMessage(account, {
        to_user_id: 'u@im.wechat',
        context_token: CONTEXT,
        item_list: [{ type: 1, text_item: { text: 'hi' } }],
      }),
    );
    await capture(local.client.getConfig(account, 'u@im.wechat', CONTEXT));
    await capture(local.client.sendTyping(account, 'u@im.wechat', TICKET, TypingStatus.Typing));
    await capture(local.client.getQrcodeStatus(QRCODE, { verifyCode: VERIFY }));
    await capture(local.client.getBotQrcode({ localTokens: [TOKEN] }));
    const refused = new IlinkClient({ baseUrl: 'http://127.0.0.1:1' });
    await capture(refused.getUpdates({ accountId: 'a', token: TOKEN }, 'cursor'));
    await refused.close();

    expect(errors).toHaveLength(6);
    expect(errors[0]).toBeInstanceOf(IlinkHttpStatusError);
    expect(errors[2]).toBeInstanceOf(IlinkApiError);
    expect(errors[3]).toBeInstanceOf(IlinkHttpStatusError);
    expect(errors[5]).toBeInstanceOf(IlinkTransportError);
    expect((errors[5] as IlinkTransportError).kind).toBe('refused');
    // The echo reached the client: the redaction, not a silent server, keeps the secrets out.
    expect(local.seen.some((req) => req.body.includes(CONTEXT) && req.headers.authorization)).toBe(
      true,
    );
    for (const error of errors) {
      const text = printed(error);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
  });

  it('sends exactly the protocol headers on POST and GET', async () => {
    local.handler = (req, res) =>
      res.end(
        req.method === 'GET'
          ? JSON.stringify({ status: 'wait' })
          : JSON.stringify({ ret: 0, typing_ticket: 't' }),
      );
    await local.client.getConfig(account, 'u@im.wechat');
    await local.client.getQrcodeStatus(QRCODE);
    const [post, get] = local.seen;
    const ilinkHeaders = (headers: Seen['headers']) =>
      Object.keys(headers)
        .filter((name) => !['host', 'connection', 'content-length'].includes(name))
        .sort();
    expect(ilinkHeaders(post!.headers)).toEqual([
      'authorization',
      'authorizationtype',
      'content-type',
      'ilink-app-clientversion',
      'ilink-app-id',
      'skroutetag',
      'x-wechat-uin',
    ]);
    expect(post!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(ilinkHeaders(get!.headers)).toEqual([
      'ilink-app-clientversion',
      'ilink-app-id',
      'skroutetag',
    ]);
    expect(get!.headers['ilink-app-clientversion']).toBe('132105');
  });

  it('rejects a message without exactly one item before any I/O', async () => {
    local.handler = (_req, res) => res.end('{}');
    const twoItems = [
      { type: 1, text_item: { text: 'a' } },
      { type: 1, text_item: { text: 'b' } },
    ];
    await expect(
      local.client.sendMessage(account, { to_user_id: 'u', item_list: twoItems }),
    ).rejects.toThrow(IlinkInvalidRequestError);
    await expect(
      local.client.sendMessage(account, { to_user_id: 'u', item_list: [] }),
    ).rejects.toThrow(/exactly one item/);
    expect(local.seen).toHaveLength(0);
  });

  it('refuses hosts outside the allow-list before any I/O', async () => {
    local.handler = (_req, res) => res.end('{}');
    const evil = 'http://evil.example.com:9/x';
    await expect(local.client.downloadFromCdn(account, { fullUrl: evil })).rejects.toThrow(
      WeixinHostNotAllowedError,
    );
    await expect(
      local.client.getUpdates({ ...account, baseUrl: 'http://10.0.0.1:9' }, ''),
    ).rejects.toThrow(WeixinHostNotAllowedError);
    await expect(
      local.client.getQrcodeStatus(QRCODE, { redirectHost: 'evil.example.com' }),
    ).rejects.toThrow(WeixinHostNotAllowedError);
    await expect(
      local.client.getQrcodeStatus(QRCODE, { redirectHost: 'x.weixin.qq.com/path?q=1' }),
    ).rejects.toThrow(WeixinHostNotAllowedError);
    expect(local.seen).toHaveLength(0);
  });

  it('enforces maxBytes while streaming a download without content-length', async () => {
    local.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.write(Buffer.alloc(800));
      res.end(Buffer.alloc(800));
    };
    const small = await local.client.downloadFromCdn(account, {
      encryptQueryParam: 'p',
      maxBytes: 1000,
    });
    const read = async () => {
      for await (const _chunk of small) void _chunk;
    };
    await expect(read()).rejects.toBeInstanceOf(WeixinMediaTooLargeError);
    const whole = await local.client.downloadFromCdn(account, {
      encryptQueryParam: 'p',
      maxBytes: 1600,
    });
    let size = 0;
    for await (const chunk of whole) size += (chunk as Buffer).length;
    expect(size).toBe(1600);
    expect(local.seen[0]!.url).toBe('/c2c/download?encrypted_query_param=p');
  });
});
