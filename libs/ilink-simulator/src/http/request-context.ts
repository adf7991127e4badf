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

/**
 * The abort reason of every request signal: one object, so closing a response does not build a
 * `DOMException` (and its stack) per request as `abort()` without a reason does.
 */
const REQUEST_CLOSED = Object.freeze(new Error('the request closed or the simulator stopped'));

/**
 * Builds the context of a request; its signal follows the response and the simulator. The signal
 * is made on first use only: most routes answer at once and never read it, and an
 * `AbortController` with its listeners on the response and on the simulator was one of the
 * costliest steps of every request.
 */
export function createRequestContext(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  listener: ListenerKind,
): RequestContext {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  let signal: AbortSignal | undefined;
  return {
    req,
    res,
    url,
    path: url.pathname,
    state,
    listener,
    get signal(): AbortSignal {
      signal ??= followResponse(state.closing, res);
      return signal;
    },
  };
}

/** A signal aborted when `res` closes or `closing` aborts, whichever comes first (or came). */
function followResponse(closing: AbortSignal, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (closing.aborted || res.closed) {
    controller.abort(REQUEST_CLOSED);
    return controller.signal;
  }
  const abort = (): void => controller.abort(REQUEST_CLOSED);
  closing.addEventListener('abort', abort, { once: true });
  res.once('close', () => {
    closing.removeEventListener('abort', abort);
    abort();
  });
  return controller.signal;
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
