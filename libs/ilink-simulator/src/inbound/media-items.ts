import { randomBytes } from 'node:crypto';
import { type SimKeyFormat, type SimMediaOptions } from '../interfaces/inbound.types.js';
import { encryptEcb, md5Hex } from '../cdn/aes-ecb.js';
import { type WireObject } from '../protocol/uint64-json.js';
import { type SimulatorState } from '../state/simulator-state.js';

/** Kinds of inbound media. */
export type InboundMediaKind = 'image' | 'file' | 'voice' | 'video';

/** Key format used when the options do not name one (protocol §12.2). */
const DEFAULT_KEY_FORMAT: Record<InboundMediaKind, SimKeyFormat> = {
  image: 'image-hex',
  file: 'base64-hex',
  voice: 'base64-hex',
  video: 'base64-hex',
};

/** `media.aes_key` for a key format (undefined: no key on the item). */
function aesKeyField(format: SimKeyFormat, key: Buffer): string | undefined {
  switch (format) {
    case 'image-hex':
    case 'base64-raw':
      return key.toString('base64');
    case 'base64-hex':
      return Buffer.from(key.toString('hex'), 'latin1').toString('base64');
    case 'none':
      return undefined;
  }
}

/**
 * Stores `bytes` on the CDN as a WeChat user's client would (encrypted with a fresh key, or plain
 * for key-less images) and answers the message item that references it.
 */
export async function buildMediaItem(
  state: SimulatorState,
  botId: string,
  kind: InboundMediaKind,
  bytes: Buffer,
  opts: SimMediaOptions = {},
): Promise<WireObject> {
  state.bots.require(botId);
  if (!Buffer.isBuffer(bytes)) throw new Error('bytes must be a Buffer');
  const format = opts.keyFormat ?? DEFAULT_KEY_FORMAT[kind];
  if ((format === 'image-hex' || format === 'none') && kind !== 'image') {
    throw new Error(`keyFormat ${format} applies to images only`);
  }
  const key = format === 'none' ? undefined : randomBytes(16);
  const served = key ? encryptEcb(key, bytes) : bytes;
  const blob = await state.media.putInbound(botId, served, key);
  const fullUrl =
    opts.fullUrl === false
      ? undefined
      : typeof opts.fullUrl === 'string'
        ? opts.fullUrl
        : `${state.addresses.cdnBaseUrl}/download?encrypted_query_param=${encodeURIComponent(blob.param)}`;
  const media: WireObject = {
    encrypt_query_param: blob.param,
    aes_key: key ? aesKeyField(format, key) : undefined,
    encrypt_type: 1,
    full_url: fullUrl,
  };
  const md5 = md5Hex(bytes);
  switch (kind) {
    case 'image':
      return {
        type: 2,
        image_item: {
          media,
          aeskey: key && format === 'image-hex' ? key.toString('hex') : undefined,
          mid_size: served.length,
        },
      };
    case 'voice':
      return {
        type: 3,
        voice_item: {
          media,
          encode_type: 6,
          sample_rate: 24_000,
          bits_per_sample: 16,
          text: opts.transcript,
        },
      };
    case 'file':
      return {
        type: 4,
        file_item: {
          media,
          file_name: opts.fileName ?? 'file.bin',
          md5,
          len: String(bytes.length),
        },
      };
    case 'video':
      return { type: 5, video_item: { media, video_size: served.length, video_md5: md5 } };
  }
}
