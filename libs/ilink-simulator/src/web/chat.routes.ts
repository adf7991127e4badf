import { pipeline } from 'node:stream/promises';
import { buffer } from 'node:stream/consumers';
import { decodeSilkPcm, voicePcmToWav } from '../cdn/voice-decode.js';
import { asObject } from '../http/json-body.js';
import { type RequestContext } from '../http/request-context.js';
import { sendText } from '../http/reply.js';
import { type WireJson, type WireObject } from '../protocol/uint64-json.js';
import { CONTEXT_QUOTA } from '../state/context-ledger.js';
import { storedItem } from '../state/stored-item.js';
import { CHAT_PAGE_HTML } from './chat-page.html.js';

const MEDIA_FIELDS: Record<number, { kind: string; field: string }> = {
  2: { kind: 'image', field: 'image_item' },
  3: { kind: 'voice', field: 'voice_item' },
  4: { kind: 'file', field: 'file_item' },
  5: { kind: 'video', field: 'video_item' },
};

/** One line of the chat page's timeline. */
function describeItem(item: Record<string, unknown>): WireObject {
  const type = item.type;
  if (type === 1) return { kind: 'text', text: String(asObject(item.text_item)?.text ?? '') };
  if (type === 11 || type === 12) {
    const tool = asObject(type === 11 ? item.tool_call_start_item : item.tool_call_result_item);
    const status = tool?.status;
    return {
      kind: 'progress',
      phase: type === 11 ? 'start' : 'result',
      text: String(tool?.tool_name ?? ''),
      status: typeof status === 'string' ? status : undefined,
      callId: typeof tool?.tool_call_id === 'string' ? tool.tool_call_id : undefined,
    };
  }
  const rule = typeof type === 'number' ? MEDIA_FIELDS[type] : undefined;
  if (!rule) return { kind: 'other', text: `item type ${String(type)}` };
  const payload = asObject(item[rule.field]);
  const param = asObject(payload?.media)?.encrypt_query_param;
  const fileName = typeof payload?.file_name === 'string' ? payload.file_name : undefined;
  const transcript = typeof payload?.text === 'string' ? payload.text : undefined;
  const voice: WireObject =
    type === 3 && typeof param === 'string'
      ? {
          voiceUrl: `/_control/voice?param=${encodeURIComponent(param)}`,
          playtimeMs: typeof payload?.playtime === 'number' ? payload.playtime : undefined,
        }
      : {};
  return {
    kind: rule.kind,
    text: fileName ?? transcript,
    ...voice,
    mediaUrl:
      typeof param === 'string'
        ? `/_control/media?param=${encodeURIComponent(param)}${fileName ? `&name=${encodeURIComponent(fileName)}` : ''}`
        : undefined,
  };
}

/**
 * The quote an item carries (`ref_msg`), as the chat page shows it; `stored` is the quoted
 * message as the simulator keeps it (what a WeChat client would show for an id-only quote).
 */
function describeQuote(
  state: RequestContext['state'],
  botId: string,
  item: Record<string, unknown>,
): WireObject | undefined {
  const ref = asObject(item.ref_msg);
  if (!ref) return undefined;
  const quoted = asObject(ref.message_item);
  const partial = asObject(ref.partial_text);
  const raw = ref.svr_id;
  const svrId = typeof raw === 'string' || typeof raw === 'bigint' ? String(raw) : undefined;
  const stored =
    svrId !== undefined && /^\d{1,20}$/.test(svrId) ? storedItem(state, botId, svrId) : undefined;
  return {
    svrId,
    ...(stored ? { stored: describeItem(stored) } : {}),
    title: typeof ref.title === 'string' ? ref.title : undefined,
    ...(quoted ? { item: describeItem(quoted) } : {}),
    partial: partial ? `${String(partial.start ?? '')}…${String(partial.end ?? '')}` : undefined,
  };
}

/** The conversation of (botId, userId) for the chat page, oldest first, plus the typing state. */
export function conversation(ctx: RequestContext): WireJson {
  const { state } = ctx;
  const botId = ctx.url.searchParams.get('botId') ?? '';
  const userId = ctx.url.searchParams.get('userId') ?? '';
  const entries: WireObject[] = [];
  for (const record of state.inbound.all(botId)) {
    if (record.fromUserId !== userId) continue;
    const item = record.items[0] as Record<string, unknown>;
    entries.push({
      dir: 'in',
      at: record.createTimeMs,
      messageId: record.messageId.toString(),
      quote: describeQuote(state, botId, item),
      ...describeItem(item),
    });
  }
  for (const sent of state.sent.list(botId, userId)) {
    entries.push({
      dir: 'out',
      at: sent.at,
      accepted: sent.accepted,
      errmsg: sent.errmsg,
      dropped: sent.voice?.dropped === true ? true : undefined,
      messageId: sent.messageId,
      quote: describeQuote(state, botId, sent.item),
      ...describeItem(sent.item),
    });
  }
  entries.sort((a, b) => Number(a.at) - Number(b.at));
  const typing = state.typing.snapshot(
    botId,
    userId,
    state.clock.now(),
    state.options.typingIndicatorMs,
  );
  const context = state.contexts.latest(botId, userId);
  const quota = context
    ? { accepted: context.accepted, progress: context.progress, quota: CONTEXT_QUOTA }
    : null;
  return { typing: typing.status, entries, quota };
}

/** Streams the plaintext of a CDN object (decrypting inbound media) for the chat page. */
export async function serveMedia(ctx: RequestContext): Promise<void> {
  const blob = ctx.state.media.get(ctx.url.searchParams.get('param') ?? '');
  if (!blob) return sendText(ctx.res, 404, 'unknown media');
  const name = ctx.url.searchParams.get('name');
  ctx.res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    ...(name
      ? { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}` }
      : {}),
  });
  try {
    await pipeline(ctx.state.media.openPlain(blob), ctx.res);
  } catch {
    ctx.res.destroy();
  }
}

/**
 * Serves a voice message (inbound or uploaded by the bot) decoded from SILK to a WAV file
 * (24 000 Hz, mono, 16-bit) for the chat page's player; 415 when it does not decode.
 */
export async function serveVoice(ctx: RequestContext): Promise<void> {
  const blob = ctx.state.media.get(ctx.url.searchParams.get('param') ?? '');
  if (!blob) return sendText(ctx.res, 404, 'unknown media');
  let pcm: Buffer | undefined;
  try {
    pcm = await decodeSilkPcm(await buffer(ctx.state.media.openPlain(blob)));
  } catch {
    pcm = undefined;
  }
  if (!pcm) return sendText(ctx.res, 415, 'the voice does not decode as SILK');
  const wav = voicePcmToWav(pcm);
  ctx.res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': String(wav.length) });
  ctx.res.end(wav);
}

/** `GET /`: the web chat page. */
export function serveChatPage(ctx: RequestContext): void {
  sendText(ctx.res, 200, CHAT_PAGE_HTML, { 'Content-Type': 'text/html; charset=utf-8' });
}
