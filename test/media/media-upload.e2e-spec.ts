import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { WeixinMediaTooLargeError } from 'nestjs-weixin';
import { cipherSize } from 'nestjs-weixin/internal';
import { WeixinMediaSourceError } from 'nestjs-weixin';
import { WeixinMediaUploadError } from 'nestjs-weixin';
import { LedgerReplySender } from 'nestjs-weixin/internal';
import { WeixinMessageContext } from 'nestjs-weixin';
import { waitFor } from '../support/wait-for.js';
import {
  mp4Bytes,
  pdfBytes,
  pngBytes,
  replies,
  startMediaHarness,
  type MediaHarness,
} from './media-harness.js';

const MAX_UPLOAD = 4 * 1024 * 1024;
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

describe('MediaService uploads against the simulator', () => {
  let h: MediaHarness;
  let user: string;
  let contextToken: string;
  let server: Server;
  let served = 0;
  let sourceUrl: string;
  const urlBytes = pngBytes(300_000, 9);

  beforeAll(async () => {
    h = await startMediaHarness('media_upload_e2e', {
      maxUploadBytes: MAX_UPLOAD,
      allowedSourceHosts: ['127.0.0.1'],
    });
    server = createServer((_req, res) => {
      served++;
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(urlBytes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sourceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pics/photo.png`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });
  beforeEach(async () => {
    await h.sim.control.clearFaults();
    user = `u${randomBytes(4).toString('hex')}@im.wechat`;
    const injected = await h.sim.control.sendText(h.bot.botId, user, 'hello');
    contextToken = injected.contextToken;
    // The handler context for the message exists once its batch (and token) is stored.
    await h.receivedContext(injected.messageId);
  });

  const uploadCalls = async () => (await h.sim.control.calls('upload')).length;
  const sendItem = async (item: unknown) => {
    const account = { accountId: h.bot.botId, token: h.bot.token };
    return h.client.sendMessage(account, {
      to_user_id: user,
      context_token: contextToken,
      item_list: [item as never],
    });
  };

  it.each([
    ['image', pngBytes(70_001), 1, 'image_item'],
    ['video', mp4Bytes(1_000_000), 2, 'video_item'],
    ['file', pdfBytes(123_457), 3, 'file_item'],
  ] as const)(
    'uploads a %s byte for byte with the item of protocol §10.2',
    async (kind, bytes, mediaType, field) => {
      const prepared = await h.media.upload(h.bot.botId, user, bytes);
      expect(prepared).toMatchObject({
        kind,
        accountId: h.bot.botId,
        userId: user,
        size: bytes.length,
        md5: md5(bytes),
      });
      const uploads = (await h.sim.control.uploads(h.bot.botId)).filter((u) => u.toUserId === user);
      expect(uploads).toHaveLength(1);
      expect(uploads[0]).toMatchObject({
        mediaType,
        rawsize: bytes.length,
        rawfilemd5: md5(bytes),
      });
      const stored = await h.sim.control.readUpload(uploads[0]!.filekey);
      expect(stored.equals(bytes)).toBe(true);

      const payload = (prepared.item as Record<string, Record<string, unknown>>)[field]!;
      const media = payload.media as Record<string, unknown>;
      expect(media.encrypt_query_param).toBe(uploads[0]!.encryptedParam);
      expect(media.encrypt_type).toBe(1);
      expect(Buffer.from(media.aes_key as string, 'base64').toString('latin1')).toMatch(
        /^[0-9a-f]{32}$/,
      );
      const [call] = (await h.sim.control.calls('getuploadurl')).slice(-1);
      expect(call!.body).toMatchObject({
        to_user_id: user,
        no_need_thumb: true,
        filesize: cipherSize(bytes.length),
      });
      expect((call!.body as { aeskey: string }).aeskey).toBe(
        Buffer.from(media.aes_key as string, 'base64').toString('latin1'),
      );
      if (kind === 'image') expect(payload).toEqual({ media, mid_size: cipherSize(bytes.length) });
      if (kind === 'video')
        expect(payload).toEqual({ media, video_size: cipherSize(bytes.length) });
      if (kind === 'file')
        expect(payload).toEqual({ media, file_name: 'file.pdf', len: String(bytes.length) });

      await sendItem(prepared.item);
      const sent = await h.sim.control.sent(h.bot.botId, user);
      expect(sent.at(-1)).toMatchObject({ accepted: true });
    },
  );

  it('sends the same PreparedMedia twice with one upload', async () => {
    const before = await uploadCalls();
    const prepared = await h.media.upload(h.bot.botId, user, pngBytes(5_000));
    await sendItem(prepared.item);
    await sendItem(prepared.item);
    expect(await uploadCalls()).toBe(before + 1);
    const sent = (await h.sim.control.sent(h.bot.botId, user)).filter((s) => s.accepted);
    expect(sent).toHaveLength(2);
  });

  it('uploads a file path hashed in one pass, named after the file, kind from its bytes', async () => {
    const bytes = mp4Bytes(2_500_000);
    const dir = await mkdtemp(join(tmpdir(), 'weixin-media-source-'));
    const path = join(dir, 'holiday clip.mov');
    await writeFile(path, bytes);
    const prepared = await h.media.upload(h.bot.botId, user, path, { kind: 'file' });
    expect(prepared.kind).toBe('file');
    expect(prepared.fileName).toBe('holiday clip.mov');
    expect(prepared.item.file_item?.file_name).toBe('holiday clip.mov');
    const [upload] = (await h.sim.control.uploads(h.bot.botId)).filter((u) => u.toUserId === user);
    expect((await h.sim.control.readUpload(upload!.filekey)).equals(bytes)).toBe(true);
    const video = await h.media.upload(h.bot.botId, user, { path });
    expect(video.kind).toBe('video');
    await rm(dir, { recursive: true, force: true });
  });

  it('spools a stream of unknown length to a temporary file, removed afterwards', async () => {
    const parts = Array.from({ length: 24 }, (_, i) => randomBytes(100_000 + i));
    const bytes = Buffer.concat(parts);
    const prepared = await h.media.upload(h.bot.botId, user, Readable.from(parts), {
      fileName: 'data.bin',
    });
    expect(prepared).toMatchObject({
      kind: 'file',
      size: bytes.length,
      md5: md5(bytes),
      fileName: 'data.bin',
    });
    const [upload] = (await h.sim.control.uploads(h.bot.botId)).filter((u) => u.toUserId === user);
    expect((await h.sim.control.readUpload(upload!.filekey)).equals(bytes)).toBe(true);
    expect(await h.leftovers()).toEqual([]);
  });

  it('fetches a URL on an allowed host and refuses other hosts without a request', async () => {
    const prepared = await h.media.upload(h.bot.botId, user, sourceUrl);
    expect(prepared).toMatchObject({ kind: 'image', fileName: 'photo.png', size: urlBytes.length });
    const [upload] = (await h.sim.control.uploads(h.bot.botId)).filter((u) => u.toUserId === user);
    expect((await h.sim.control.readUpload(upload!.filekey)).equals(urlBytes)).toBe(true);
    const requests = served;
    const other = sourceUrl.replace('127.0.0.1', 'localhost');
    await expect(h.media.upload(h.bot.botId, user, other)).rejects.toThrow(WeixinMediaSourceError);
    expect(served).toBe(requests);
    expect(await h.leftovers()).toEqual([]);
  });

  it('refuses a huge stream as soon as it passes the limit, before any upload', async () => {
    let produced = 0;
    const chunk = Buffer.alloc(256 * 1024, 1);
    const endless = Readable.from(
      (function* () {
        for (;;) {
          produced += chunk.length;
          yield chunk;
        }
      })(),
    );
    const before = (await h.sim.control.calls('getuploadurl')).length;
    await expect(h.media.upload(h.bot.botId, user, endless)).rejects.toThrow(
      WeixinMediaTooLargeError,
    );
    expect(produced).toBeGreaterThan(MAX_UPLOAD);
    expect(produced).toBeLessThan(MAX_UPLOAD + 8 * chunk.length);
    expect((await h.sim.control.calls('getuploadurl')).length).toBe(before);
    expect(await h.leftovers()).toEqual([]);
    await expect(h.media.upload(h.bot.botId, user, Buffer.alloc(MAX_UPLOAD + 1))).rejects.toThrow(
      WeixinMediaTooLargeError,
    );
  });

  it.each([
    { title: 'does not retry a 4xx upload and fails with a typed error', status: 400, attempts: 1 },
    { title: 'makes 3 attempts on 5xx, then fails with a typed error', status: 503, attempts: 3 },
  ])('$title', async ({ status, attempts }) => {
    const before = await uploadCalls();
    await h.sim.control.fault({ endpoint: 'upload', kind: 'http-error', status, times: attempts });
    const error = await h.media.upload(h.bot.botId, user, pngBytes(1_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeixinMediaUploadError);
    expect(error).toMatchObject({ stage: 'cdn-upload', status });
    expect(await uploadCalls()).toBe(before + attempts);
  });

  it('succeeds on the third attempt after two 5xx, re-encrypting the body each time', async () => {
    const before = await uploadCalls();
    await h.sim.control.fault({ endpoint: 'upload', kind: 'http-error', status: 502, times: 2 });
    const bytes = pngBytes(200_000, 3);
    const prepared = await h.media.upload(h.bot.botId, user, bytes);
    expect(await uploadCalls()).toBe(before + 3);
    const [upload] = (await h.sim.control.uploads(h.bot.botId)).filter((u) => u.toUserId === user);
    expect((await h.sim.control.readUpload(upload!.filekey)).equals(bytes)).toBe(true);
    expect(prepared.item.image_item?.media?.encrypt_query_param).toBe(upload!.encryptedParam);
  });

  it('sends a media reply returned by a handler: caption first, then the image', async () => {
    const bytes = pngBytes(40_000, 5);
    replies.set('send me a picture', { image: bytes, caption: 'here it is' });
    await h.sim.control.sendText(h.bot.botId, user, 'send me a picture');
    const sent = await waitFor(async () => {
      const all = (await h.sim.control.sent(h.bot.botId, user)).filter((s) => s.accepted);
      return all.length >= 2 ? all : undefined;
    }, 'caption and image sent');
    expect(sent[0]!.text).toBe('here it is');
    expect(sent[1]!.item.type).toBe(2);
    const [upload] = (await h.sim.control.uploads(h.bot.botId)).filter((u) => u.toUserId === user);
    expect((await h.sim.control.readUpload(upload!.filekey)).equals(bytes)).toBe(true);
  });

  it('sendImage uploads and sends through the send service, caption first', async () => {
    const bytes = pngBytes(30_000, 11);
    const records = await h.media.sendImage(h.bot.botId, user, bytes, {
      caption: 'a photo',
      idempotencyKey: `img-${user}`,
    });
    expect(records.map((r) => [r.kind, r.state])).toEqual([
      ['text', 'accepted'],
      ['image', 'accepted'],
    ]);
    const sent = (await h.sim.control.sent(h.bot.botId, user)).filter((s) => s.accepted);
    expect(sent.map((s) => s.item.type)).toEqual([1, 2]);
    const again = await h.media.sendImage(h.bot.botId, user, bytes, {
      caption: 'a photo',
      idempotencyKey: `img-${user}`,
    });
    expect(again.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect((await h.sim.control.sent(h.bot.botId, user)).filter((s) => s.accepted)).toHaveLength(2);
  });

  it('sendFile failing to upload reaches the caller as a typed error', async () => {
    await h.sim.control.fault({ endpoint: 'upload', kind: 'http-error', status: 413, times: 1 });
    await expect(h.media.sendFile(h.bot.botId, user, pdfBytes(2_000))).rejects.toThrow(
      WeixinMediaUploadError,
    );
    expect((await h.sim.control.sent(h.bot.botId, user)).filter((s) => s.accepted)).toHaveLength(0);
  });

  it('retries a send whose upload failed with the same idempotency key', async () => {
    const key = `file-${user}`;
    await h.sim.control.fault({ endpoint: 'upload', kind: 'http-error', status: 503, times: 3 });
    const error = await h.media
      .sendFile(h.bot.botId, user, pdfBytes(2_000), { idempotencyKey: key })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeixinMediaUploadError);
    expect((error as WeixinMediaUploadError).delivery).toMatchObject({
      kind: 'file',
      state: 'rejected',
    });
    const records = await h.media.sendFile(h.bot.botId, user, pdfBytes(2_000), {
      idempotencyKey: key,
    });
    expect(records.map((r) => [r.kind, r.state, r.idempotencyKey])).toEqual([
      ['file', 'accepted', key],
    ]);
    const again = await h.media.sendFile(h.bot.botId, user, pdfBytes(2_000), {
      idempotencyKey: key,
    });
    expect(again.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect((await h.sim.control.sent(h.bot.botId, user)).filter((s) => s.accepted)).toHaveLength(1);
  });

  it('does not upload a media reply again when its handler runs again for the same message', async () => {
    const sender = h.app.get(LedgerReplySender);
    const reply = { image: pngBytes(20_000, 7) };
    const run = () =>
      sender.send(
        new WeixinMessageContext(
          {
            accountId: h.bot.botId,
            inboxId: '987654321',
            attempt: 1,
            message: { from_user_id: user, context_token: contextToken, item_list: [] },
          },
          sender,
        ),
        reply,
      );
    const uploadsBefore = await uploadCalls();
    await run();
    await run(); // a replay after a crash builds a new context: the same idempotency key
    expect((await uploadCalls()) - uploadsBefore).toBe(1);
    const images = (await h.sim.control.sent(h.bot.botId, user)).filter(
      (x) => x.accepted && x.item.type === 2,
    );
    expect(images).toHaveLength(1);
  });
});
