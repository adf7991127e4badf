import { WeixinMessageService, WeixinVoiceFormatError } from 'nestjs-weixin';
import type { SimSent } from 'nestjs-weixin/testing';
import { replies, startMediaHarness, type MediaHarness } from '../media/media-harness.js';
import { waitFor } from '../support/wait-for.js';
import { tonePcm, toneWav } from './wav-fixture.js';

const USER = 'o9cq8voice@im.wechat';

describe('native voice out (WAV/PCM → SILK, media type 4, voice_item)', () => {
  let h: MediaHarness;
  let messages: WeixinMessageService;

  const lastSent = async (): Promise<SimSent> => {
    const sent = await h.sim.control.sent(h.bot.botId, USER);
    return sent[sent.length - 1]!;
  };

  beforeAll(async () => {
    h = await startMediaHarness('voice_out_e2e');
    messages = h.app.get(WeixinMessageService);
    await h.sim.control.sendText(h.bot.botId, USER, 'hi');
    await waitFor(
      async () => (await messages.ledger(h.bot.botId, USER)).hasContextToken,
      'the context token stored',
    );
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(async () => {
    await h.sim.control.setVoiceOut('accept');
  });

  it('sends a WAV as a native voice message that decodes back to the same length (±1 %)', async () => {
    const wav = toneWav(48_000, 2, 2.5);
    const records = await h.media.sendVoice(h.bot.botId, USER, wav);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'voice', state: 'accepted' });
    expect(await messages.getDelivery(records[0]!.id)).toEqual(records[0]);

    const sent = await lastSent();
    expect(sent.accepted).toBe(true);
    expect(sent.messageId).toBe(records[0]!.serverMessageId);
    expect(sent.item.type).toBe(3);
    expect(sent.item.voice_item).toMatchObject({
      encode_type: 6,
      sample_rate: 24_000,
      bits_per_sample: 16,
      playtime: 2_500,
    });
    expect(sent.voice?.dropped).toBe(false);
    expect(Math.abs(sent.voice!.decodedMs - 2_500)).toBeLessThanOrEqual(25);

    const upload = (await h.sim.control.uploads(h.bot.botId)).find(
      (u) => u.filekey === sent.voice!.filekey,
    );
    expect(upload).toMatchObject({ mediaType: 4, check: 'passed', toUserId: USER });
    const silk = await h.sim.control.readUpload(sent.voice!.filekey);
    expect(silk.subarray(1, 10).toString('latin1')).toBe('#!SILK_V3');
  });

  it('takes raw PCM with its sample rate', async () => {
    const records = await h.media.sendVoice(h.bot.botId, USER, tonePcm(16_000, 1, 1.2), {
      sampleRate: 16_000,
    });
    expect(records[0]).toMatchObject({ kind: 'voice', state: 'accepted' });
    const sent = await lastSent();
    expect(sent.item.voice_item).toMatchObject({ sample_rate: 16_000, playtime: 1_200 });
    expect(Math.abs(sent.voice!.decodedMs - 1_200)).toBeLessThanOrEqual(12);
  });

  it('refused native voice goes out as a WAV file, and the records say which went out', async () => {
    await h.sim.control.setVoiceOut('refuse');
    const wav = toneWav(16_000, 1, 1.0);
    const records = await h.media.sendVoice(h.bot.botId, USER, wav, { caption: 'listen' });
    expect(records.map((r) => [r.kind, r.state, r.cause])).toEqual([
      ['text', 'accepted', undefined],
      ['voice', 'rejected', 'voice-refused'],
      ['file', 'accepted', undefined],
    ]);
    expect(records[1]!.ret).toBe(-2);
    for (const r of records) expect(await messages.getDelivery(r.id)).toEqual(r);

    const sent = await h.sim.control.sent(h.bot.botId, USER);
    const [voice, file] = sent.slice(-2);
    expect(voice).toMatchObject({ accepted: false, ret: -2 });
    expect(voice!.item.type).toBe(3);
    expect(file).toMatchObject({ accepted: true, messageId: records[2]!.serverMessageId });
    expect(file!.item.file_item).toMatchObject({ file_name: 'voice.wav', len: String(wav.length) });
    const fileUpload = (await h.sim.control.uploads(h.bot.botId)).at(-1)!;
    expect(fileUpload.mediaType).toBe(3);
    expect((await h.sim.control.readUpload(fileUpload.filekey)).equals(wav)).toBe(true);
    // The refused voice used no reply slot, and opened no breaker.
    const ledger = await messages.ledger(h.bot.botId, USER);
    expect(ledger.breakerOpenUntil).toBeUndefined();
  });

  it('without the fallback, a refused voice stays a rejected voice record', async () => {
    await h.sim.control.setVoiceOut('refuse');
    const before = (await h.sim.control.sent(h.bot.botId, USER)).length;
    const records = await h.media.sendVoice(h.bot.botId, USER, toneWav(8_000, 1, 0.5), {
      fallbackToFile: false,
    });
    expect(records.map((r) => [r.kind, r.state, r.cause])).toEqual([
      ['voice', 'rejected', 'voice-refused'],
    ]);
    expect((await h.sim.control.sent(h.bot.botId, USER)).length).toBe(before + 1);
  });

  it('a silently dropped voice is accepted by the server (the simulator marks it dropped)', async () => {
    await h.sim.control.setVoiceOut('drop');
    const records = await h.media.sendVoice(h.bot.botId, USER, toneWav(24_000, 1, 0.6));
    expect(records[0]).toMatchObject({ kind: 'voice', state: 'accepted' });
    expect((await lastSent()).voice?.dropped).toBe(true);
  });

  it('a handler returning { voice } replies with native voice after its caption', async () => {
    replies.set('say it', { voice: toneWav(16_000, 1, 0.8), caption: 'here it is' });
    const before = (await h.sim.control.sent(h.bot.botId, USER)).length;
    await h.sim.control.sendText(h.bot.botId, USER, 'say it');
    const sent = await waitFor(async () => {
      const all = await h.sim.control.sent(h.bot.botId, USER);
      return all.length >= before + 2 ? all.slice(before) : undefined;
    }, 'the voice reply');
    expect(sent.map((s) => [s.item.type, s.accepted])).toEqual([
      [1, true],
      [3, true],
    ]);
    expect(sent[0]!.text).toBe('here it is');
    expect(sent[1]!.item.voice_item).toMatchObject({ encode_type: 6, playtime: 800 });
    expect(Math.abs(sent[1]!.voice!.decodedMs - 800)).toBeLessThanOrEqual(8);
  });

  it('refuses audio it cannot encode with a typed error, uploading nothing', async () => {
    const uploads = (await h.sim.control.uploads(h.bot.botId)).length;
    const mp3 = Buffer.concat([Buffer.from('ID3\u0004\u0000'), Buffer.alloc(2000, 7)]);
    await expect(h.media.sendVoice(h.bot.botId, USER, mp3)).rejects.toBeInstanceOf(
      WeixinVoiceFormatError,
    );
    const odd = toneWav(22_050, 1, 0.2);
    await expect(h.media.sendVoice(h.bot.botId, USER, odd)).rejects.toThrow(/22050 Hz/);
    expect((await h.sim.control.uploads(h.bot.botId)).length).toBe(uploads);
  });
});
