import { decode } from 'silk-wasm';
import { type SimVoice } from '../interfaces/sent.types.js';
import { type MediaStore } from './media-store.js';

/** The rate WeChat clients decode SILK voice at (protocol §12.7). */
export const VOICE_DECODE_RATE = 24_000;

/** What the simulator heard in an outbound voice item (before the server's verdict). */
export type DecodedVoice = Omit<SimVoice, 'dropped'>;

/**
 * Decodes the SILK upload behind a voice item (`voice_item.media.encrypt_query_param`) with
 * `silk-wasm` at 24 000 Hz, mono, 16-bit; `undefined` when the item names no upload of this bot.
 */
export async function decodeVoiceItem(
  media: MediaStore,
  botId: string,
  voiceItem: Record<string, unknown> | undefined,
): Promise<DecodedVoice | undefined> {
  const reference = voiceItem?.media as Record<string, unknown> | undefined;
  const param = reference?.encrypt_query_param;
  if (typeof param !== 'string') return undefined;
  await media.settle(param);
  const blob = media.get(param);
  if (!blob?.upload || blob.botId !== botId || blob.upload.check !== 'passed') return undefined;
  const playtime = voiceItem?.playtime;
  const out: DecodedVoice = { decodedMs: 0, filekey: blob.upload.filekey };
  if (typeof playtime === 'number') out.playtimeMs = playtime;
  try {
    const silk = await media.readUpload(blob.upload.filekey);
    const { data } = await decode(new Uint8Array(silk), VOICE_DECODE_RATE);
    out.decodedMs = Math.round(data.byteLength / 2 / (VOICE_DECODE_RATE / 1000));
  } catch {
    out.decodedMs = 0;
  }
  return out;
}

/** PCM (16-bit mono at 24 000 Hz) of a SILK file, or `undefined` when it does not decode. */
export async function decodeSilkPcm(silk: Buffer): Promise<Buffer | undefined> {
  try {
    const { data } = await decode(new Uint8Array(silk), VOICE_DECODE_RATE);
    return data.byteLength > 0
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A 16-bit mono WAV file (24 000 Hz) of decoded voice PCM, for the web page's player. */
export function voicePcmToWav(pcm: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(VOICE_DECODE_RATE, 24);
  header.writeUInt32LE(VOICE_DECODE_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}
