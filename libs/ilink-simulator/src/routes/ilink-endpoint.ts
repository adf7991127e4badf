import { applyFault } from '../http/apply-fault.js';
import { bearerToken, checkGetHeaders, checkPostHeaders } from '../protocol/ilink-headers.js';
import { asObject, BodyTooLargeError, readBody } from '../http/json-body.js';
import { type RequestContext } from '../http/request-context.js';
import { ilinkError, sendJson, sendText } from '../http/reply.js';
import { parseWireJson, type WireJson } from '../protocol/uint64-json.js';
import { type BotRecord } from '../state/bot-registry.js';

/** Largest JSON body accepted on the iLink API. */
const JSON_BODY_LIMIT = 4 * 1024 * 1024;

/** Answer of an endpoint: a JSON body, or undefined when the response is already handled/gone. */
export type EndpointAnswer = WireJson | undefined;

/** An endpoint called without a bot token (the two QR calls). */
export interface OpenEndpoint {
  methods: readonly string[];
  auth: false;
  handle(ctx: RequestContext, body: Record<string, unknown>): Promise<EndpointAnswer>;
}

/** An endpoint that requires `Authorization: Bearer <bot token>` and `base_info`. */
export interface AuthedEndpoint {
  methods: readonly string[];
  auth: true;
  handle(
    ctx: RequestContext,
    body: Record<string, unknown>,
    bot: BotRecord,
  ): Promise<EndpointAnswer>;
}

/** One iLink API endpoint. */
export type IlinkEndpoint = OpenEndpoint | AuthedEndpoint;

/**
 * Runs the checks the server applies before an endpoint: method, body, faults, headers (refusal
 * `-2`, see `ilink-headers.ts`), an `Authorization` header on the QR calls (refusal `-2`: §3.1
 * says they carry none), an `X-WECHAT-UIN` the same token sent twice already within its last 256
 * requests (refusal `-2`: §3.2 draws a fresh value per request), token (`-14`),
 * `base_info.channel_version` (refusal `-2`; the real answer is undocumented, the simulator is
 * strict), then the endpoint itself.
 */
export async function runIlinkEndpoint(
  ctx: RequestContext,
  endpoint: IlinkEndpoint,
): Promise<void> {
  const { req, res, state } = ctx;
  const method = req.method ?? 'GET';
  if (!endpoint.methods.includes(method)) {
    sendText(res, 405, `method ${method} not allowed`, { Allow: endpoint.methods.join(', ') });
    return;
  }
  let body: Record<string, unknown> = {};
  let bodyError: string | undefined;
  if (method === 'POST') {
    let raw: Buffer;
    try {
      raw = await readBody(req, JSON_BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLargeError) sendText(res, 413, error.message);
      else req.socket.destroy();
      return;
    }
    try {
      const parsed = parseWireJson(raw.toString('utf8'));
      if (ctx.call) ctx.call.body = parsed;
      const object = asObject(parsed);
      if (object) body = object;
      else bodyError = 'request body must be a JSON object';
    } catch {
      bodyError = 'invalid JSON body';
    }
  }
  const token = bearerToken(req.headers);
  if (await applyFault(ctx, state.bots.ownerOf(token)?.botId)) return;

  const headerError =
    method === 'POST' ? checkPostHeaders(req.headers) : checkGetHeaders(req.headers);
  if (headerError) return sendJson(res, 200, ilinkError(-2, headerError));
  if (!endpoint.auth && req.headers.authorization !== undefined) {
    return sendJson(res, 200, ilinkError(-2, 'Authorization must not be sent on QR calls'));
  }
  const uin = req.headers['x-wechat-uin'];
  if (method === 'POST' && typeof uin === 'string' && !state.uins.remember(token, uin)) {
    return sendJson(
      res,
      200,
      ilinkError(-2, 'X-WECHAT-UIN reused: send a fresh value per request'),
    );
  }
  if (bodyError) return sendJson(res, 200, ilinkError(-2, bodyError));

  let answer: EndpointAnswer;
  if (endpoint.auth) {
    const bot = state.bots.authenticate(token);
    if (!bot) return sendJson(res, 200, ilinkError(-14, 'session timeout'));
    const channelVersion = asObject(body.base_info)?.channel_version;
    if (typeof channelVersion !== 'string' || channelVersion.trim() === '') {
      return sendJson(res, 200, ilinkError(-2, 'base_info.channel_version required'));
    }
    answer = await endpoint.handle(ctx, body, bot);
  } else {
    answer = await endpoint.handle(ctx, body);
  }
  if (answer !== undefined) sendJson(res, 200, answer);
}
