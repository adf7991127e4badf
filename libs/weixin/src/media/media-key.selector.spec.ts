import type { MessageItem } from '../protocol/wire.types.js';
import { selectMediaItem } from './media-item.selector.js';
import { selectMediaKey } from './media-key.selector.js';
import { WeixinAesKeyError } from './crypto/weixin-aes-key.error.js';
import { WeixinNoMediaError } from './weixin-no-media.error.js';

const K = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const OTHER = Buffer.from('ffeeddccbbaa99887766554433221100', 'hex');
const HEX = K.toString('hex');
const RAW_B64 = K.toString('base64');
const HEX_B64 = Buffer.from(HEX, 'ascii').toString('base64');
const media = (aes_key?: string) => ({ encrypt_query_param: 'p', aes_key });

describe('selectMediaKey', () => {
  it('prefers image_item.aeskey over media.aes_key for images', () => {
    const item: MessageItem = {
      type: 2,
      image_item: { aeskey: HEX, media: media(OTHER.toString('base64')) },
    };
    expect(selectMediaKey('image', item).key).toEqual(K);
  });

  it.each([
    ['base64 of raw bytes', RAW_B64],
    ['base64 of hex text', HEX_B64],
  ])('falls back to media.aes_key (%s) for images', (_name, aesKey) => {
    expect(selectMediaKey('image', { type: 2, image_item: { media: media(aesKey) } }).key).toEqual(
      K,
    );
  });

  it('keeps a key-less image plain', () => {
    const selection = selectMediaKey('image', { type: 2, image_item: { media: media() } });
    expect(selection.key).toBeUndefined();
    expect(selection.media.encrypt_query_param).toBe('p');
  });

  it.each([
    ['file', { type: 4, file_item: { media: media(HEX_B64) } }],
    ['video', { type: 5, video_item: { media: media(RAW_B64) } }],
    ['voice', { type: 3, voice_item: { media: media(HEX_B64) } }],
  ] as const)('reads the %s key in either format', (kind, item) => {
    expect(selectMediaKey(kind, item).key).toEqual(K);
  });

  it('refuses a file, video or voice without a key', () => {
    expect(() => selectMediaKey('file', { type: 4, file_item: { media: media() } })).toThrow(
      WeixinNoMediaError,
    );
  });

  it('refuses an unreadable key without echoing it', () => {
    expect(() =>
      selectMediaKey('file', { type: 4, file_item: { media: media('zzzz-secret') } }),
    ).toThrow(WeixinAesKeyError);
  });

  it('uses thumb_media with its own key, else the image key', () => {
    const own: MessageItem = {
      type: 2,
      image_item: {
        aeskey: HEX,
        media: media(),
        thumb_media: { encrypt_query_param: 't', aes_key: OTHER.toString('base64') },
      },
    };
    expect(selectMediaKey('image', own, true)).toEqual({
      media: own.image_item!.thumb_media,
      key: OTHER,
    });
    const shared: MessageItem = {
      type: 5,
      video_item: { media: media(RAW_B64), thumb_media: { encrypt_query_param: 't' } },
    };
    expect(selectMediaKey('video', shared, true).key).toEqual(K);
    expect(() =>
      selectMediaKey('file', { type: 4, file_item: { media: media(RAW_B64) } }, true),
    ).toThrow(/no thumbnail/);
  });
});

describe('selectMediaItem', () => {
  const image: MessageItem = { type: 2, image_item: { media: media() } };
  const video: MessageItem = { type: 5, video_item: { media: media(RAW_B64) } };
  const file: MessageItem = { type: 4, file_item: { media: media(RAW_B64) } };
  const voice: MessageItem = { type: 3, voice_item: { media: media(RAW_B64) } };
  const transcribed: MessageItem = { type: 3, voice_item: { media: media(RAW_B64), text: 'hi' } };
  const text: MessageItem = { type: 1, text_item: { text: 'look' } };

  it('follows IMAGE > VIDEO > FILE > VOICE (protocol §9.10)', () => {
    expect(selectMediaItem({ item_list: [voice, file, video, image] })).toEqual({
      kind: 'image',
      item: image,
    });
    expect(selectMediaItem({ item_list: [voice, file, video] })?.kind).toBe('video');
    expect(selectMediaItem({ item_list: [voice, file] })?.kind).toBe('file');
    expect(selectMediaItem({ item_list: [text, voice] })?.kind).toBe('voice');
  });

  it('prefers quoted media over a transcribed voice, and takes the voice when nothing else is there', () => {
    const quoting: MessageItem = { ...text, ref_msg: { message_item: file } };
    expect(selectMediaItem({ item_list: [transcribed, quoting] })).toEqual({
      kind: 'file',
      item: file,
    });
    expect(selectMediaItem({ item_list: [transcribed] })).toEqual({
      kind: 'voice',
      item: transcribed,
    });
  });

  it('downloads the quoted media of an item given directly', () => {
    expect(selectMediaItem({ ...text, ref_msg: { message_item: image } })).toEqual({
      kind: 'image',
      item: image,
    });
    expect(selectMediaItem(video)).toEqual({ kind: 'video', item: video });
  });

  it('answers undefined without media or without a CDN location', () => {
    expect(selectMediaItem({ item_list: [text] })).toBeUndefined();
    expect(selectMediaItem({ item_list: [{ type: 2, image_item: {} }] })).toBeUndefined();
    expect(selectMediaItem({})).toBeUndefined();
  });
});
