import { asObject } from '../http/json-body.js';
import { type BotRecord } from '../state/bot-registry.js';
import { CONTEXT_QUOTA, CONTEXT_WINDOW_MS, type ContextRecord } from '../state/context-ledger.js';
import { type SimulatorState } from '../state/simulator-state.js';

/** The largest text item the server accepts, in UTF-8 bytes (protocol §13). */
export const MAX_TEXT_BYTES = 16_384;

/** Item `type` → the upload `media_type` its media must come from. */
const UPLOAD_TYPE_OF_ITEM: Record<number, { field: string; mediaType: number }> = {
  2: { field: 'image_item', mediaType: 1 },
  3: { field: 'voice_item', mediaType: 4 },
  4: { field: 'file_item', mediaType: 3 },
  5: { field: 'video_item', mediaType: 2 },
};

/** The `encrypt_query_param` of the message's media item, when it has one. */
export function mediaParamOf(msg: Record<string, unknown> | undefined): string | undefined {
  const items = msg?.item_list;
  const item = Array.isArray(items) ? asObject(items[0]) : undefined;
  const rule = typeof item?.type === 'number' ? UPLOAD_TYPE_OF_ITEM[item.type] : undefined;
  if (!item || !rule) return undefined;
  const param = asObject(asObject(item[rule.field])?.media)?.encrypt_query_param;
  return typeof param === 'string' ? param : undefined;
}

/** Outcome of the `sendmessage` checks. */
export type SendVerdict =
  | { ok: true; context: ContextRecord; dropped?: boolean }
  | { ok: false; ret: number; errmsg: string };

function refuse(errmsg: string): SendVerdict {
  return { ok: false, ret: -2, errmsg };
}

/** A user id as the server issues it: `<openid>@im.wechat` (letters, digits, `_ . = + -`). */
const USER_ID = /^[A-Za-z0-9_=+-][A-Za-z0-9_.=+-]{0,127}@im\.wechat$/u;

/** The `voice_item` fields a native voice message must carry (protocol §9.4, §18). */
const VOICE_ENCODE_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 8]);

/**
 * The server's rules for one outbound message (protocol §§10, 13). Every refusal is `ret: -2`; the
 * real server's `errmsg` is often empty or "prepare failed", the simulator names the rule broken.
 */
export function checkOutbound(
  state: SimulatorState,
  bot: BotRecord,
  msg: Record<string, unknown> | undefined,
): SendVerdict {
  if (!msg) return refuse('msg required');
  const items = msg.item_list;
  if (!Array.isArray(items) || items.length !== 1) {
    return refuse('item_list must hold exactly one item');
  }
  const item = asObject(items[0]);
  if (!item) return refuse('item_list[0] must be an object');
  // The official client always sends `from_user_id: ""` and a unique `client_id` (§10.1); the
  // real server's answer to anything else is unknown, so the simulator refuses it.
  if (msg.from_user_id !== '') return refuse('from_user_id must be the empty string');
  if (typeof msg.client_id !== 'string' || msg.client_id.trim() === '') {
    return refuse('client_id required (unique per request)');
  }
  if (msg.message_type !== 2) return refuse('message_type must be 2 (BOT)');
  if (msg.message_state !== 2) return refuse('message_state must be 2 (FINISH)');
  const toUserId = msg.to_user_id;
  // ret -3 "invalid arguments": a malformed id (e.g. a `user:` prefix), or one that differs only
  // in letter case from a user the bot knows, so the token lookup misses (protocol §18).
  if (typeof toUserId !== 'string' || !USER_ID.test(toUserId)) {
    return { ok: false, ret: -3, errmsg: 'invalid arguments' };
  }
  if (!bot.users.has(toUserId)) {
    const lower = toUserId.toLowerCase();
    if ([...bot.users].some((u) => u.toLowerCase() === lower)) {
      return { ok: false, ret: -3, errmsg: 'invalid arguments' };
    }
    return refuse('to_user_id has never written to this bot');
  }
  const token = msg.context_token;
  if (typeof token !== 'string' || token === '') return refuse('context_token required');
  const context = state.contexts.get(token);
  if (!context || context.botId !== bot.botId || context.userId !== toUserId) {
    return refuse('context_token not issued to this user');
  }
  const age = state.clock.now() - context.issuedAtMs;
  if (age >= CONTEXT_WINDOW_MS) return refuse('context_token expired (24 h window closed)');
  const { prepareFailedAfterMs } = state.options;
  if (prepareFailedAfterMs > 0 && age >= prepareFailedAfterMs) return refuse('prepare failed');
  if (state.options.rateLimit && state.rateLimiter.locked(bot.botId, state.clock.now())) {
    return refuse('rate limited');
  }
  if (context.accepted >= CONTEXT_QUOTA) {
    return refuse(`context_token quota exhausted (${CONTEXT_QUOTA} messages)`);
  }
  const itemError = checkItem(state, bot, toUserId, item);
  if (itemError) return refuse(itemError);
  if (item.type === 3) {
    // Reports differ on native voice (protocol §18): the simulator plays the mode it is set to.
    if (state.voiceOut === 'refuse') return refuse('');
    return { ok: true, context, dropped: state.voiceOut === 'drop' };
  }
  return { ok: true, context };
}

function checkItem(
  state: SimulatorState,
  bot: BotRecord,
  toUserId: string,
  item: Record<string, unknown>,
): string | undefined {
  const type = item.type;
  if (type === 1) {
    const text = asObject(item.text_item)?.text;
    if (typeof text !== 'string' || text === '') return 'empty text';
    if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES) {
      return `text longer than ${MAX_TEXT_BYTES} UTF-8 bytes`;
    }
    return undefined;
  }
  if (type === 11 || type === 12) {
    const field = type === 11 ? 'tool_call_start_item' : 'tool_call_result_item';
    return asObject(item[field]) ? undefined : `${field} required`;
  }
  const rule = typeof type === 'number' ? UPLOAD_TYPE_OF_ITEM[type] : undefined;
  if (!rule) return `unsupported item type ${String(type)}`;
  const payload = asObject(item[rule.field]);
  if (!payload) return `${rule.field} required`;
  return checkMedia(state, bot, toUserId, payload, rule.mediaType, type as number);
}

function checkMedia(
  state: SimulatorState,
  bot: BotRecord,
  toUserId: string,
  payload: Record<string, unknown>,
  mediaType: number,
  itemType: number,
): string | undefined {
  const media = asObject(payload.media);
  const param = media?.encrypt_query_param;
  if (!media || typeof param !== 'string') return 'media.encrypt_query_param required';
  const blob = state.media.get(param);
  if (!blob || blob.botId !== bot.botId) return 'unknown media.encrypt_query_param';
  if (blob.kind === 'inbound' || !blob.upload || !blob.key) return undefined;
  const upload = blob.upload;
  if (upload.check !== 'passed') {
    return `media upload failed the CDN's check: ${upload.error ?? 'the check has not finished'}`;
  }
  if (upload.toUserId !== toUserId) return 'media was uploaded for another user';
  if (upload.mediaType !== mediaType) {
    return `media was uploaded with media_type ${upload.mediaType}, item needs ${mediaType}`;
  }
  const aesKey = media.aes_key;
  const keyHex = blob.key.toString('hex');
  if (typeof aesKey !== 'string' || Buffer.from(aesKey, 'base64').toString('latin1') !== keyHex) {
    return 'media.aes_key must be base64 of the 32 hex characters of the upload key';
  }
  if (itemType === 2 && payload.mid_size !== undefined && payload.mid_size !== blob.servedSize) {
    return 'image_item.mid_size must be the ciphertext size';
  }
  if (
    itemType === 5 &&
    payload.video_size !== undefined &&
    payload.video_size !== blob.servedSize
  ) {
    return 'video_item.video_size must be the ciphertext size';
  }
  if (itemType === 3) return checkVoice(payload);
  if (itemType === 4) {
    if (typeof payload.file_name !== 'string' || payload.file_name === '') {
      return 'file_item.file_name required';
    }
    if (payload.len !== String(upload.size)) {
      return 'file_item.len must be the plaintext size as a decimal string';
    }
  }
  return undefined;
}

function checkVoice(payload: Record<string, unknown>): string | undefined {
  const positive = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0;
  if (typeof payload.encode_type !== 'number' || !VOICE_ENCODE_TYPES.has(payload.encode_type)) {
    return 'voice_item.encode_type must be 1..8 (6 = silk)';
  }
  if (!positive(payload.sample_rate)) return 'voice_item.sample_rate required (Hz)';
  if (!positive(payload.bits_per_sample)) return 'voice_item.bits_per_sample required';
  if (!positive(payload.playtime)) return 'voice_item.playtime required (ms)';
  return undefined;
}
