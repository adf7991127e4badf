import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { encode } from 'silk-wasm';
import type { SimKeyFormat, SimMediaOptions } from 'nestjs-weixin/testing';
import {
  WeixinHostNotAllowedError,
  WeixinMediaTooLargeError,
  type WeixinMessage,
} from 'nestjs-weixin';
import {
  mp4Bytes,
  pdfBytes,
  pngBytes,
  startMediaHarness,
  type MediaHarness,
} from './media-harness.js';

/** One second of a 440 Hz tone as 24 kHz mono 16-bit PCM. */
function tone(): Buffer {
  const pcm = Buffer.alloc(24_000 * 2);
  for (let i = 0; i < 24_000; i++) {
    pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24_000)), i * 2);
  }
  return pcm;
}

describe('MediaService downloads against the simulator', () => {
  let h: MediaHarness;
  const user = 'downloader@im.wechat';

  beforeAll(async () => {
    h = await startMediaHarness('media_download_e2e', { maxDownloadBytes: 3 * 1024 * 1024 });
  });
  afterAll(async () => {
    await h?.close();
  });

  type Kind = 'image' | 'file' | 'voice' | 'video';
  async function inject(
    kind: Kind,
    bytes: Buffer,
    opts: SimMediaOptions = {},
  ): Promise<WeixinMessage> {
    const send = {
      image: h.sim.control.sendImage,
      file: h.sim.control.sendFile,
      voice: h.sim.control.sendVoice,
      video: h.sim.control.sendVideo,
    }[kind].bind(h.sim.control);
    const { messageId } = await send(h.bot.botId, user, bytes, opts);
    return (await h.receivedContext(messageId)).raw;
  }

  it.each<[Kind, SimKeyFormat, Buffer, string]>([
    ['image', 'image-hex', pngBytes(50_003), 'image/png'],
    ['image', 'base64-raw', pngBytes(20_000, 2), 'image/png'],
    ['image', 'base64-hex', pngBytes(20_000, 3), 'image/png'],
    ['image', 'none', pngBytes(9_999, 4), 'image/png'],
    ['file', 'base64-hex', pdfBytes(70_000), 'application/pdf'],
    ['file', 'base64-raw', pdfBytes(16), 'application/pdf'],
    ['video', 'base64-hex', mp4Bytes(800_000), 'video/mp4'],
    ['video', 'base64-raw', mp4Bytes(1_000), 'video/mp4'],
  ])('downloads a %s with key format %s byte for byte', async (kind, keyFormat, bytes, mime) => {
    const raw = await inject(kind, bytes, { keyFormat, fileName: 'doc.pdf' });
    const media = await h.media.download(h.bot.botId, raw);
    expect(media).toMatchObject({ as: 'buffer', kind, mime, size: bytes.length, thumbnail: false });
    expect(media.buffer.equals(bytes)).toBe(true);
    if (kind === 'file') expect(media.fileName).toBe('doc.pdf');
  });

  it('streams and writes to a file, and downloads through the constructed URL', async () => {
    const bytes = pdfBytes(1_500_000);
    const raw = await inject('file', bytes, { fullUrl: false, fileName: 'big.pdf' });
    const streamed = await h.media.download(h.bot.botId, raw, { as: 'stream' });
    expect(streamed).toMatchObject({ mime: 'application/pdf', size: bytes.length });
    const chunks: Buffer[] = [];
    for await (const chunk of streamed.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    const saved = await h.media.download(h.bot.botId, raw, { as: 'file' });
    expect(saved.size).toBe(bytes.length);
    expect((await readFile(saved.path)).equals(bytes)).toBe(true);
    await rm(saved.path);
  });

  it('downloads quoted media', async () => {
    const bytes = pngBytes(4_000, 8);
    const original = await inject('image', bytes);
    const quoting: WeixinMessage = {
      item_list: [
        {
          type: 1,
          text_item: { text: 'what is this?' },
          ref_msg: { message_item: original.item_list![0] },
        },
      ],
    };
    expect((await h.media.download(h.bot.botId, quoting)).buffer.equals(bytes)).toBe(true);
  });

  it('decodes SILK voice to 24 kHz mono 16-bit WAV and exposes the transcript', async () => {
    const { data } = await encode(tone(), 24_000);
    const raw = await inject('voice', Buffer.from(data), { transcript: '你好' });
    const media = await h.media.download(h.bot.botId, raw);
    expect(media).toMatchObject({ kind: 'voice', mime: 'audio/wav', transcript: '你好' });
    const wav = media.buffer;
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(24_000);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    expect(wav.length - 44).toBeGreaterThanOrEqual(tone().length * 0.9);
  });

  it('keeps undecodable voice as raw bytes (audio/silk)', async () => {
    const bytes = randomBytes(3_000);
    const raw = await inject('voice', bytes);
    const media = await h.media.download(h.bot.botId, raw);
    expect(media.mime).toBe('audio/silk');
    expect(media.buffer.equals(bytes)).toBe(true);
  });

  it('refuses a full_url on a host that is not allowed without any request', async () => {
    const raw = await inject('image', pngBytes(1_000), {
      fullUrl: 'http://cdn.attacker.example/download?encrypted_query_param=x',
    });
    const before = (await h.sim.control.calls('download')).length;
    await expect(h.media.download(h.bot.botId, raw)).rejects.toThrow(WeixinHostNotAllowedError);
    expect((await h.sim.control.calls('download')).length).toBe(before);
  });

  it('refuses media above the cap before reading it, from the announced size', async () => {
    const raw = await inject('file', pdfBytes(3 * 1024 * 1024 + 1));
    const before = (await h.sim.control.calls('download')).length;
    await expect(h.media.download(h.bot.botId, raw)).rejects.toThrow(WeixinMediaTooLargeError);
    expect((await h.sim.control.calls('download')).length).toBe(before);
    await expect(h.media.download(h.bot.botId, raw, { maxBytes: 1024 })).rejects.toThrow(
      WeixinMediaTooLargeError,
    );
  });

  it('stops a download whose size is not announced once it passes the cap', async () => {
    const { data } = await encode(tone(), 24_000);
    const raw = await inject('voice', Buffer.from(data));
    await expect(h.media.download(h.bot.botId, raw, { maxBytes: 1_000 })).rejects.toThrow(
      WeixinMediaTooLargeError,
    );
  });
});
