import { type SimProgress, type SimSent } from '../interfaces/sent.types.js';
import { asObject } from '../http/json-body.js';
import { decodeVoiceItem } from '../cdn/voice-decode.js';
import { ilinkError } from '../http/reply.js';
import { randomUint64 } from '../protocol/ids.js';
import { type AuthedEndpoint } from './ilink-endpoint.js';
import { checkOutbound, mediaParamOf } from './sendmessage.rules.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The tool-call progress item (types 11/12, protocol §9.5) of an item, if it is one. */
function progressOf(item: Record<string, unknown>): SimProgress | undefined {
  if (item.type !== 11 && item.type !== 12) return undefined;
  const payload = asObject(
    item.type === 11 ? item.tool_call_start_item : item.tool_call_result_item,
  );
  const progress: SimProgress = {
    phase: item.type === 11 ? 'start' : 'result',
    tool: text(payload?.tool_name) ?? '',
    callId: text(payload?.tool_call_id) ?? '',
  };
  const status = text(payload?.status);
  if (status !== undefined) progress.status = status;
  return progress;
}

/** `ref_msg.svr_id` of an item (a string, or a bare uint64 the parser kept as text). */
function quotedSvrIdOf(item: Record<string, unknown>): string | undefined {
  const svrId = asObject(item.ref_msg)?.svr_id;
  return typeof svrId === 'string' || typeof svrId === 'bigint' ? String(svrId) : undefined;
}

/**
 * `POST ilink/bot/sendmessage` (protocol §10): applies the server's rules (a media item only once
 * the CDN has checked its upload), answers
 * `{ret: 0, message_id}` (a bare uint64) or `{ret: -2, errmsg}`, and records the call for `sent()`.
 */
export const sendMessageEndpoint: AuthedEndpoint = {
  methods: ['POST'],
  auth: true,
  async handle(ctx, body, bot) {
    const { state } = ctx;
    const msg = asObject(body.msg);
    const items = msg?.item_list;
    const item = (Array.isArray(items) ? asObject(items[0]) : undefined) ?? {};
    const record: SimSent = {
      toUserId: text(msg?.to_user_id) ?? '',
      clientId: text(msg?.client_id),
      contextToken: text(msg?.context_token),
      item,
      text: item.type === 1 ? text(asObject(item.text_item)?.text) : undefined,
      progress: progressOf(item),
      quotedSvrId: quotedSvrIdOf(item),
      accepted: false,
      ret: 0,
      errmsg: '',
      at: state.clock.now(),
    };
    // A media item waits for the CDN's check of its upload; the rules then run without a pause,
    // so the quota is checked and counted atomically.
    await state.media.settle(mediaParamOf(msg));
    const heard =
      item.type === 3
        ? await decodeVoiceItem(state.media, bot.botId, asObject(item.voice_item))
        : undefined;
    const verdict = checkOutbound(state, bot, msg);
    if (heard) record.voice = { ...heard, dropped: verdict.ok && verdict.dropped === true };
    if (!verdict.ok) {
      state.sent.add(bot.botId, { ...record, ret: verdict.ret, errmsg: verdict.errmsg });
      return ilinkError(verdict.ret, verdict.errmsg);
    }
    verdict.context.accepted++;
    const { rateLimit } = state.options;
    if (rateLimit) state.rateLimiter.accepted(bot.botId, state.clock.now(), rateLimit);
    // Progress items count against the quota like any message (protocol §§9.5, 13: inferred).
    if (record.progress) verdict.context.progress++;
    const messageId = randomUint64();
    state.sent.add(bot.botId, { ...record, accepted: true, messageId: messageId.toString() });
    return { ret: 0, errmsg: '', message_id: messageId };
  },
};
