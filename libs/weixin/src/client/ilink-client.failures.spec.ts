import { Readable } from 'node:stream';
import { WeixinConfigError } from '../errors/weixin-config.error.js';
import { TypingStatus, UploadMediaType } from '../protocol/enums.js';
import { IlinkInvalidRequestError } from './errors/ilink-invalid-request.error.js';
import { IlinkMalformedResponseError } from './errors/ilink-malformed-response.error.js';
import { IlinkSessionExpiredError } from './errors/ilink-session-expired.error.js';
import { IlinkClient } from './ilink-client.js';
import type { IlinkAccount } from './ilink-client.options.js';
import { printed, useLocalServer } from './local-server-spec.fixture.js';

const ACCOUNT_ID = 'c0ffee123456@im.bot';
const TOKEN_SECRET = 'TOKSECRET9f8e7d6c';
const TOKEN = `${ACCOUNT_ID}:${TOKEN_SECRET}`;
const CONTEXT = 'CTXPLAIN+abc/def==';
const TICKET = 'TICKETPLAIN77';
const QRCODE = 'QRPLAIN+x/y=';
const VERIFY = '551234';
const LOCAL_TOKEN = 'LOCALTOKENPLAIN42';
const UPLOAD_PARAM = 'UPPARAMPLAIN/+=';
const FILEKEY = 'FILEKEYPLAIN0123';
const AESKEY = '00112233445566778899aabbccddeeff';
const DOWNLOAD_PARAM = 'DLPARAMPLAIN99';

describe('IlinkClient failure details (local server)', () => {
  const local = useLocalServer({ maxResponseBytes: 1024 });
  const account: IlinkAccount = { accountId: ACCOUNT_ID, token: TOKEN };

  it('replaces the exact secret values a server repeats in plain text', async () => {
    const plain = `token ${TOKEN_SECRET} ctx ${CONTEXT} ticket ${TICKET} qr ${QRCODE} code ${VERIFY} local ${LOCAL_TOKEN} up ${UPLOAD_PARAM} fk ${FILEKEY} key ${AESKEY} dl ${DOWNLOAD_PARAM}`;
    local.handler = (req, res) => {
      if (req.url.includes('/c2c/upload')) {
        res.writeHead(400, { 'x-error-message': plain }).end();
      } else if (req.url.includes('/c2c/download')) {
        res.writeHead(403).end(`no object ${DOWNLOAD_PARAM}`);
      } else if (req.url.includes('get_qrcode_status')) {
        res.writeHead(403).end(plain);
      } else if (req.url.includes('get_bot_qrcode')) {
        res.writeHead(400).end(plain);
      } else if (req.url.includes('sendmessage')) {
        res.writeHead(500).end(plain);
      } else {
        res.end(JSON.stringify({ ret: 1, errmsg: plain }));
      }
    };
    const failures = await Promise.allSettled([
      local.client.sendMessage(account, {
        to_user_id: 'u@im.wechat',
        context_token: CONTEXT,
        item_list: [{ type: 1, text_item: { text: 'hi' } }],
      }),
      local.client.getConfig(account, 'u@im.wechat', CONTEXT),
      local.client.sendTyping(account, 'u@im.wechat', TICKET, TypingStatus.Typing),
      local.client.getQrcodeStatus(QRCODE, { verifyCode: VERIFY }),
      local.client.getBotQrcode({ localTokens: [LOCAL_TOKEN] }),
      local.client.getUploadUrl(account, {
        filekey: FILEKEY,
        media_type: UploadMediaType.File,
        to_user_id: 'u@im.wechat',
        rawsize: 1,
        rawfilemd5: 'm',
        filesize: 16,
        aeskey: AESKEY,
      }),
      local.client.uploadToCdn(account, {
        uploadParam: UPLOAD_PARAM,
        filekey: FILEKEY,
        body: () => Buffer.alloc(16),
        size: 16,
      }),
      local.client.downloadFromCdn(account, { encryptQueryParam: DOWNLOAD_PARAM }),
    ]);
    const texts = failures.map((result) => {
      expect(result.status).toBe('rejected');
      return printed((result as PromiseRejectedResult).reason);
    });
    const secretsOfCall = [
      [TOKEN_SECRET, CONTEXT],
      [TOKEN_SECRET, CONTEXT],
      [TOKEN_SECRET, TICKET],
      [QRCODE, VERIFY],
      [LOCAL_TOKEN],
      [TOKEN_SECRET, FILEKEY, AESKEY],
      [UPLOAD_PARAM, FILEKEY],
      [DOWNLOAD_PARAM],
    ];
    secretsOfCall.forEach((secrets, index) => {
      expect(texts[index]).toContain('<redacted>');
      for (const secret of secrets) expect(texts[index]).not.toContain(secret);
    });
  });

  it('names the account in the errors of authenticated calls', async () => {
    local.handler = (_req, res) => res.end(JSON.stringify({ ret: -14, errcode: -14, errmsg: '' }));
    const poll = local.client.getUpdates(account, '');
    await expect(poll).rejects.toBeInstanceOf(IlinkSessionExpiredError);
    await expect(poll).rejects.toMatchObject({ accountId: ACCOUNT_ID });
    await expect(poll).rejects.toThrow(`account ${ACCOUNT_ID} needs a new QR login`);
    local.handler = (_req, res) => res.writeHead(502).end();
    await expect(local.client.notifyStart(account)).rejects.toThrow(
      `iLink notifystart of account ${ACCOUNT_ID} answered HTTP 502`,
    );
  });

  it('refuses a JSON answer above maxResponseBytes, announced or streamed', async () => {
    const big = JSON.stringify({ ret: 0, errmsg: 'x'.repeat(2_000) });
    local.handler = (_req, res) => res.writeHead(200, { 'Content-Length': big.length }).end(big);
    const announced = local.client.notifyStart(account);
    await expect(announced).rejects.toBeInstanceOf(IlinkMalformedResponseError);
    await expect(announced).rejects.toMatchObject({ reason: 'too-large', accountId: ACCOUNT_ID });
    local.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(big.slice(0, 800));
      res.end(big.slice(800));
    };
    await expect(local.client.notifyStart(account)).rejects.toMatchObject({ reason: 'too-large' });
    const small = JSON.stringify({ ret: 0, errmsg: '' });
    local.handler = (_req, res) => res.end(small);
    await expect(local.client.notifyStart(account)).resolves.toBeUndefined();
  });

  it('does not retry a CDN upload whose body differs from the declared size', async () => {
    local.handler = (_req, res) => res.writeHead(500).end('server error');
    let bodies = 0;
    const upload = local.client.uploadToCdn(account, {
      uploadParam: UPLOAD_PARAM,
      filekey: FILEKEY,
      body: () => {
        bodies++;
        return Readable.from([Buffer.alloc(16)]);
      },
      size: 32,
    });
    await expect(upload).rejects.toBeInstanceOf(IlinkInvalidRequestError);
    await expect(upload).rejects.toThrow(/UND_ERR_REQ_CONTENT_LENGTH_MISMATCH/);
    expect(bodies).toBe(1);
  });

  it.each([
    ['https://x.example.com'],
    ['x.example.com/path'],
    ['user@x.example.com'],
    ['*.'],
    [''],
  ])('throws WeixinConfigError for the allowedHosts entry %p', (entry) => {
    const create = () => new IlinkClient({ baseUrl: local.url, allowedHosts: [entry] });
    expect(create).toThrow(WeixinConfigError);
    expect(create).toThrow(JSON.stringify(entry));
    expect(create).toThrow(/host:port, \*\.domain or \*\.domain:port/);
  });
});
