import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IlinkHttpStatusError } from 'nestjs-weixin';
import { IlinkTransportError } from 'nestjs-weixin';
import { WeixinHostNotAllowedError } from 'nestjs-weixin';
import { WeixinMediaTooLargeError } from 'nestjs-weixin';
import { IlinkClient } from 'nestjs-weixin';
import type { IlinkAccount } from 'nestjs-weixin';
import { AesEcbDecryptStream } from 'nestjs-weixin/internal';
import { AesEcbEncryptStream } from 'nestjs-weixin/internal';
import { createAesKey, parseAesKey } from 'nestjs-weixin/internal';
import { cipherSize } from 'nestjs-weixin/internal';
import { UploadMediaType } from 'nestjs-weixin';
import { useClientUnderTest } from './support/client-under-test.js';

const USER = 'o9cq8cdnuser@im.wechat';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function decrypt(stream: Readable, key: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(stream, new AesEcbDecryptStream(key), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

describe('IlinkClient CDN against the simulator', () => {
  const t = useClientUnderTest({ longPollTimeoutMs: 2_000 });

  /** A bot the user has written to, and a prepared upload of `plain`. */
  async function prepareUpload(plain: Buffer) {
    const { bot, account } = await t.addBot();
    await t.sim.control.sendText(bot.botId, USER, 'send me a file');
    const key = createAesKey();
    const filekey = randomBytes(16).toString('hex');
    const answer = await t.client.getUploadUrl(account, {
      filekey,
      media_type: UploadMediaType.File,
      to_user_id: USER,
      rawsize: plain.length,
      rawfilemd5: createHash('md5').update(plain).digest('hex'),
      filesize: cipherSize(plain.length),
      no_need_thumb: true,
      aeskey: key.toString('hex'),
    });
    let opened = 0;
    const body = () => {
      opened++;
      return Readable.from([plain]).pipe(new AesEcbEncryptStream(key));
    };
    /** Uploads `body` to the `upload_full_url` the server answered. */
    const uploadToFullUrl = () =>
      t.client.uploadToCdn(account, {
        uploadFullUrl: answer.upload_full_url,
        filekey,
        body,
        size: cipherSize(plain.length),
      });
    return { bot, account, key, filekey, answer, body, opens: () => opened, uploadToFullUrl };
  }

  it('uploads a streamed ciphertext and the CDN decrypts the same bytes', async () => {
    const plain = randomBytes(3 * 1024 * 1024 + 5);
    const up = await prepareUpload(plain);
    expect(up.answer.upload_param).toEqual(expect.any(String));
    const param = await t.client.uploadToCdn(up.account, {
      uploadFullUrl: up.answer.upload_full_url,
      uploadParam: up.answer.upload_param,
      filekey: up.filekey,
      body: up.body,
      size: cipherSize(plain.length),
    });
    const [upload] = await t.sim.control.uploads(up.bot.botId);
    expect(upload!.encryptedParam).toBe(param);
    expect(upload!.plaintextMd5).toBe(createHash('md5').update(plain).digest('hex'));
    expect((await t.sim.control.readUpload(up.filekey)).equals(plain)).toBe(true);
    const [call] = await t.sim.control.calls('upload');
    expect(call!.method).toBe('POST');
    expect(call!.headers['content-type']).toBe('application/octet-stream');
    expect(call!.headers['authorization']).toBeUndefined();
    expect(call!.headers['ilink-app-id']).toBeUndefined();

    const back = await t.client.downloadFromCdn(up.account, { encryptQueryParam: param });
    expect((await decrypt(back, up.key)).equals(plain)).toBe(true);
  });

  it('builds the upload URL from upload_param and filekey when there is no full URL', async () => {
    const plain = Buffer.from('small file');
    const up = await prepareUpload(plain);
    await t.client.uploadToCdn(up.account, {
      uploadParam: up.answer.upload_param,
      filekey: up.filekey,
      body: up.body,
      size: cipherSize(plain.length),
    });
    const [call] = await t.sim.control.calls('upload');
    expect(call!.path).toBe('/c2c/upload');
    expect(call!.query).toEqual({
      encrypted_query_param: up.answer.upload_param,
      filekey: up.filekey,
    });
  });

  it('makes 3 attempts on 5xx, reopening the body each time, then throws the last error', async () => {
    const plain = Buffer.from('retry me');
    const up = await prepareUpload(plain);
    await t.sim.control.fault({ endpoint: 'upload', kind: 'http-error', status: 503, times: 3 });
    const upload = up.uploadToFullUrl();
    await expect(upload).rejects.toBeInstanceOf(IlinkHttpStatusError);
    await expect(upload).rejects.toMatchObject({ status: 503, endpoint: 'cdn-upload' });
    expect(await t.sim.control.calls('upload')).toHaveLength(3);
    expect(up.opens()).toBe(3);
  });

  it('succeeds on the third attempt after a 500 and a 200 without x-encrypted-param', async () => {
    const plain = Buffer.from('third time lucky');
    const up = await prepareUpload(plain);
    await t.sim.control.fault({ endpoint: 'upload', kind: 'http-error', status: 500 });
    await t.sim.control.fault({ endpoint: 'upload', kind: 'empty-body' });
    const param = await up.uploadToFullUrl();
    expect(param).toEqual(expect.any(String));
    expect(await t.sim.control.calls('upload')).toHaveLength(3);
    expect((await t.sim.control.readUpload(up.filekey)).equals(plain)).toBe(true);
  });

  it('retries after a reset connection', async () => {
    const plain = randomBytes(1000);
    const up = await prepareUpload(plain);
    await t.sim.control.fault({ endpoint: 'upload', kind: 'reset' });
    await up.uploadToFullUrl();
    expect(await t.sim.control.calls('upload')).toHaveLength(2);
    expect(up.opens()).toBe(2);
    expect((await t.sim.control.readUpload(up.filekey)).equals(plain)).toBe(true);
  });

  it('makes a single attempt on 4xx and reports x-error-message', async () => {
    const plain = Buffer.from('bad request');
    const up = await prepareUpload(plain);
    await t.sim.control.fault({
      endpoint: 'upload',
      kind: 'http-error',
      status: 400,
      errmsg: 'filekey mismatch',
    });
    const upload = up.uploadToFullUrl();
    await expect(upload).rejects.toBeInstanceOf(IlinkHttpStatusError);
    await expect(upload).rejects.toMatchObject({ status: 400, detail: 'filekey mismatch' });
    expect(await t.sim.control.calls('upload')).toHaveLength(1);
  });

  it.each([['image-hex'], ['base64-raw'], ['base64-hex']] as const)(
    'downloads an inbound image (%s key) by full_url and by encrypt_query_param',
    async (keyFormat) => {
      const { bot, account } = await t.addBot();
      const bytes = randomBytes(70_000);
      await t.sim.control.sendImage(bot.botId, USER, bytes, { keyFormat });
      const { msgs } = await t.client.getUpdates(account, '');
      const image = msgs![0]!.item_list![0]!.image_item!;
      const key = parseAesKey(image.aeskey ?? image.media!.aes_key!);
      expect(image.media!.full_url).toEqual(expect.any(String));
      const byFullUrl = await t.client.downloadFromCdn(account, { fullUrl: image.media!.full_url });
      expect((await decrypt(byFullUrl, key)).equals(bytes)).toBe(true);
      const byParam = await t.client.downloadFromCdn(account, {
        encryptQueryParam: image.media!.encrypt_query_param,
      });
      expect((await decrypt(byParam, key)).equals(bytes)).toBe(true);
    },
  );

  it('enforces maxBytes from content-length before reading', async () => {
    const { bot, account } = await t.addBot();
    await t.sim.control.sendFile(bot.botId, USER, randomBytes(50_000), { fileName: 'a.bin' });
    const { msgs } = await t.client.getUpdates(account, '');
    const media = msgs![0]!.item_list![0]!.file_item!.media!;
    await expect(
      t.client.downloadFromCdn(account, { fullUrl: media.full_url, maxBytes: 1_000 }),
    ).rejects.toBeInstanceOf(WeixinMediaTooLargeError);
    const whole = await t.client.downloadFromCdn(account, {
      fullUrl: media.full_url,
      maxBytes: 50_016,
    });
    expect((await readAll(whole)).length).toBe(50_016);
  });

  it('maps a CDN 404 to IlinkHttpStatusError', async () => {
    const { account } = await t.addBot();
    const download = t.client.downloadFromCdn(account, { encryptQueryParam: 'never-issued' });
    await expect(download).rejects.toBeInstanceOf(IlinkHttpStatusError);
    await expect(download).rejects.toMatchObject({ endpoint: 'cdn-download' });
  });

  it('refuses hosts outside the allow-list and classifies refused and unknown hosts', async () => {
    const account: IlinkAccount = { accountId: 'a', token: 't' };
    await expect(
      t.client.downloadFromCdn(account, { fullUrl: 'http://example.org/x' }),
    ).rejects.toBeInstanceOf(WeixinHostNotAllowedError);
    const open = new IlinkClient({
      baseUrl: t.sim.baseUrl,
      allowedHosts: ['127.0.0.1', 'no-such-host.invalid'],
    });
    try {
      const refused = open.downloadFromCdn(account, { fullUrl: 'http://127.0.0.1:1/x' });
      await expect(refused).rejects.toBeInstanceOf(IlinkTransportError);
      await expect(refused).rejects.toMatchObject({ kind: 'refused' });
      const unknown = open.uploadToCdn(account, {
        uploadFullUrl: 'http://no-such-host.invalid/upload',
        filekey: 'f',
        body: () => Buffer.from('x'),
        size: 1,
      });
      await expect(unknown).rejects.toBeInstanceOf(IlinkTransportError);
      await expect(unknown).rejects.toMatchObject({ kind: 'dns' });
    } finally {
      await open.close();
    }
  });
});
