import { decode } from 'silk-wasm';
import { wavHeader, type PcmFormat } from './wav-header.js';

/** The PCM format WeChat SILK voice is decoded to (protocol §12.7). */
export const VOICE_PCM_FORMAT: Readonly<PcmFormat> = {
  sampleRate: 24_000,
  channels: 1,
  bitsPerSample: 16,
};

/**
 * Decodes SILK (WeChat's `0x02 #!SILK_V3` variant included) to a WAV file at 24 000 Hz, mono,
 * 16-bit. Answers `undefined` when the bytes do not decode to any sample.
 */
export async function silkToWav(silk: Buffer): Promise<Buffer | undefined> {
  try {
    const { data } = await decode(silk, VOICE_PCM_FORMAT.sampleRate);
    if (data.byteLength === 0) return undefined;
    const pcm = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return Buffer.concat([wavHeader(pcm.length, VOICE_PCM_FORMAT), pcm]);
  } catch {
    return undefined;
  }
}
