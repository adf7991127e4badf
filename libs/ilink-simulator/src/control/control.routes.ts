import { asObject, BodyTooLargeError, readBody } from '../http/json-body.js';
import { type RequestContext } from '../http/request-context.js';
import { sendJson } from '../http/reply.js';
import { type WireJson } from '../protocol/uint64-json.js';
import { conversation, serveMedia, serveVoice } from '../web/chat.routes.js';
import { decodeControlValue, encodeControlValue, isControlMethod } from './control-rpc.js';
import { type SimulatorControl } from '../interfaces/simulator-control.types.js';

/** Largest control request (media travel base64-encoded): 64 MiB. */
export const CONTROL_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * The control API under `/_control/`:
 * - `POST /_control/<method>` with `Content-Type: application/json` (else HTTP 415: a browser
 *   page of another origin cannot send that without a CORS preflight, which the simulator never
 *   grants) and `{"args": [...]}` calls that `SimulatorControl` method and
 *   answers `{"result": …}` or HTTP 400 `{"error": "…"}`; bytes travel as `{"$base64": "…"}`;
 * - `GET /_control/bots`, `GET /_control/conversation?botId=&userId=`, `GET /_control/media?param=`
 *   serve the web chat page.
 */
export async function handleControl(ctx: RequestContext, control: SimulatorControl): Promise<void> {
  const name = ctx.path.slice('/_control/'.length);
  if (ctx.req.method === 'GET') {
    if (name === 'bots') {
      const bots = ctx.state.bots.list().map((bot) => ({
        botId: bot.botId,
        ownerUserId: bot.ownerUserId,
        sessionExpired: bot.sessionExpired,
        users: [...bot.users],
      }));
      return sendJson(ctx.res, 200, { result: bots });
    }
    if (name === 'conversation') return sendJson(ctx.res, 200, { result: conversation(ctx) });
    if (name === 'media') return serveMedia(ctx);
    if (name === 'voice') return serveVoice(ctx);
  }
  if (ctx.req.method !== 'POST' || !isControlMethod(name)) {
    return sendJson(ctx.res, 404, {
      error: `unknown control call ${ctx.req.method ?? ''} ${name}`,
    });
  }
  const contentType = ctx.req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    ctx.req.resume();
    return sendJson(ctx.res, 415, { error: 'control calls need Content-Type: application/json' });
  }
  let args: unknown[];
  try {
    const raw = await readBody(ctx.req, CONTROL_BODY_LIMIT);
    const body = raw.length === 0 ? {} : asObject(JSON.parse(raw.toString('utf8')));
    const list = body?.args ?? [];
    if (!Array.isArray(list)) throw new Error('args must be an array');
    args = list.map((arg: unknown) => (arg === null ? undefined : decodeControlValue(arg)));
  } catch (error) {
    const status = error instanceof BodyTooLargeError ? 413 : 400;
    return sendJson(ctx.res, status, { error: messageOf(error) });
  }
  try {
    const method = control[name] as (...callArgs: unknown[]) => Promise<unknown>;
    const result = await method.apply(control, args);
    sendJson(ctx.res, 200, { result: (encodeControlValue(result) ?? null) as WireJson });
  } catch (error) {
    sendJson(ctx.res, 400, { error: messageOf(error) });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
