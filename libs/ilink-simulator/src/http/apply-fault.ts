import { abortableSleep } from './abortable-sleep.js';
import { type RequestContext } from './request-context.js';
import { ilinkError, sendJson, sendText } from './reply.js';

/**
 * Applies the next queued fault matching this request, if any. Answers `true` when the request is
 * finished (answered, destroyed, or gone while a `slow` fault waited), `false` when the normal
 * handling must go on.
 */
export async function applyFault(ctx: RequestContext, botId: string | undefined): Promise<boolean> {
  const fault = ctx.state.faults.take(ctx.path, botId);
  if (!fault) return false;
  const { res } = ctx;
  switch (fault.kind) {
    case 'slow':
      return !(await abortableSleep(fault.delayMs ?? 1000, ctx.signal));
    case 'stale-session':
      sendJson(res, 200, ilinkError(-14, fault.errmsg ?? 'session timeout'));
      return true;
    case 'rejected':
      sendJson(res, 200, ilinkError(-2, fault.errmsg ?? ''));
      return true;
    case 'rate-limited':
      sendJson(res, 200, ilinkError(-2, 'rate limited'));
      return true;
    case 'prepare-failed':
      sendJson(res, 200, ilinkError(-2, 'prepare failed'));
      return true;
    case 'invalid-arguments':
      sendJson(res, 200, ilinkError(-3, 'invalid arguments'));
      return true;
    case 'http-error': {
      const status = fault.status ?? 500;
      const message = fault.errmsg ?? `simulated HTTP ${status}`;
      sendText(res, status, message, { 'x-error-message': message });
      return true;
    }
    case 'malformed-json': {
      const body = '{"ret":0,"msgs":[{"seq":';
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(body)),
      });
      res.end(body);
      return true;
    }
    case 'empty-body':
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '0' });
      res.end();
      return true;
    case 'reset':
      ctx.req.socket.destroy();
      return true;
  }
}
