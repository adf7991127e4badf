import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type SimCall } from '../interfaces/call.types.js';
import { flattenHeaders } from '../protocol/ilink-headers.js';
import { type SimulatorState } from '../state/simulator-state.js';

/** Which listener received a request: the main one or the "other IDC" of a QR redirect. */
export type ListenerKind = 'main' | 'redirect';

/** One request being handled. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** URL path, e.g. `/ilink/bot/getupdates`. */
  path: string;
  state: SimulatorState;
  listener: ListenerKind;
  /** Aborted when the client goes away or the simulator closes. */
  signal: AbortSignal;
  /** The `calls()` entry of this request, when it is logged. */
  call?: SimCall;
}

/** Builds the context of a request; its signal follows the response and the simulator. */
export function createRequestContext(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  listener: ListenerKind,
): RequestContext {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  state.closing.addEventListener('abort', abort, { once: true });
  res.once('close', () => {
    state.closing.removeEventListener('abort', abort);
    abort();
  });
  return { req, res, url, path: url.pathname, state, listener, signal: controller.signal };
}

/** Adds the request to `calls()` (body attached later by the JSON routes). */
export function logCall(ctx: RequestContext): SimCall {
  const query: Record<string, string> = {};
  for (const [name, value] of ctx.url.searchParams) query[name] = value;
  const call: SimCall = {
    method: ctx.req.method ?? 'GET',
    path: ctx.path,
    query,
    headers: flattenHeaders(ctx.req.headers),
    at: ctx.state.clock.now(),
  };
  ctx.state.calls.add(call);
  ctx.call = call;
  return call;
}
