import { encode, getDuration, isSilk } from 'silk-wasm';
import { MediaMessages as M } from './media.messages.js';
import { sniffMime } from './mime-sniffer.js';
import { silkToWav } from './silk-to-wav.js';
import { wavHeader } from './wav-header.js';
import { readWavMono } from './wav-reader.js';
import { WeixinVoiceFormatError } from './weixin-voice-format.error.js';

/** Input sample rates the SILK encoder takes (Hz). */
export const VOICE_INPUT_RATES: readonly number[] = [
  8_000, 12_000, 16_000, 24_000, 32_000, 44_100, 48_000,
];
/** The highest internal rate of WeChat's SILK (Hz, protocol §12.7). */
const SILK_MAX_RATE = 24_000;
/** `voice_item.encode_type` of SILK (protocol §9.4). */
export const SILK_ENCODE_TYPE = 6;

/** The `voice_item` facts of an encoded voice message. */
export interface VoiceMeta {
  /** `encode_type`: 6 (SILK). */
  encodeType: number;
  /** `sample_rate` (Hz): the SILK's rate, the input rate capped at 24 000. */
  sampleRate: number;
  /** `bits_per_sample`: 16. */
  bitsPerSample: number;
  /** `playtime` (ms). */
  playtimeMs: number;
}

/** Audio encoded for a native voice message, and the same audio as WAV for a file fallback. */
export interface EncodedVoice {
  silk: Buffer;
  meta: VoiceMeta;
  /** The audio as a WAV file (the input WAV, PCM wrapped in a header, or SILK decoded). */
  wav: Buffer;
}

function checkRate(rate: number): void {
  if (!VOICE_INPUT_RATES.includes(rate)) throw new WeixinVoiceFormatError(M.voiceRate(rate));
}

async function toSilk(input: Buffer, rate: number): Promise<{ silk: Buffer; ms: number }> {
  try {
    // A copy in this realm's Uint8Array: the encoder's bindings refuse a Buffer whose
    // ArrayBuffer comes from another realm (e.g. under a test runner's VM context).
    const { data, duration } = await encode(new Uint8Array(input), rate);
    if (data.byteLength === 0 || duration <= 0) throw new Error('no audio frames');
    return { silk: Buffer.from(data.buffer, data.byteOffset, data.byteLength), ms: duration };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new WeixinVoiceFormatError(M.voiceEncodeFailed(why), error);
  }
}

/**
 * Encodes audio as WeChat SILK (`silk-wasm`): a WAV file (channels mixed to mono; its rate must
 * be one of {@link VOICE_INPUT_RATES}), raw 16-bit little-endian mono PCM at `pcmSampleRate`, or
 * SILK already (kept as is).
 * @throws WeixinVoiceFormatError for any other format (MP3, OGG, AMR …: convert to WAV first),
 *   an unsupported rate, or audio the encoder refuses
 */
export async function encodeVoice(bytes: Buffer, pcmSampleRate?: number): Promise<EncodedVoice> {
  if (bytes.length === 0) throw new WeixinVoiceFormatError(M.voiceEmpty());
  if (isSilk(bytes)) {
    const wav = await silkToWav(bytes);
    if (!wav) throw new WeixinVoiceFormatError(M.voiceEncodeFailed('the SILK does not decode'));
    const playtimeMs = getDuration(bytes);
    return { silk: bytes, wav, meta: meta(SILK_MAX_RATE, playtimeMs) };
  }
  if (sniffMime(bytes) === 'audio/wav') {
    const mono = readWavMono(bytes);
    if (!mono) throw new WeixinVoiceFormatError(M.voiceWavUnsupported());
    checkRate(mono.sampleRate);
    const { silk, ms } = await toSilk(mono.pcm, mono.sampleRate);
    return { silk, wav: bytes, meta: meta(mono.sampleRate, ms) };
  }
  if (pcmSampleRate === undefined) {
    throw new WeixinVoiceFormatError(M.voiceFormat(sniffMime(bytes) ?? 'unknown'));
  }
  checkRate(pcmSampleRate);
  if (bytes.length % 2 !== 0) throw new WeixinVoiceFormatError(M.voicePcmOdd(bytes.length));
  const { silk, ms } = await toSilk(bytes, pcmSampleRate);
  const format = { sampleRate: pcmSampleRate, channels: 1, bitsPerSample: 16 };
  return {
    silk,
    wav: Buffer.concat([wavHeader(bytes.length, format), bytes]),
    meta: meta(pcmSampleRate, ms),
  };
}

function meta(rate: number, playtimeMs: number): VoiceMeta {
  return {
    encodeType: SILK_ENCODE_TYPE,
    sampleRate: Math.min(rate, SILK_MAX_RATE),
    bitsPerSample: 16,
    playtimeMs,
  };
}
