import { asObject, BodyTooLargeError, readBody } from '../http/json-body.js';
import { type RequestContext } from '../http/request-context.js';
import { sendJson } from '../http/reply.js';
import { type TypingFakes } from '../fakes/typing-fakes.js';
import { type FakeAnswer } from '../fakes/wechat-cs.fake.js';

const BODY_LIMIT = 1024 * 1024;
const WECHAT_TYPING = new Set([
  '/cgi-bin/message/custom/typing',
  '/cgi-bin/message/custom/business/typing',
]);

/** Control methods callable over HTTP (`POST /_fake/<fake>/<method>` with `{ "args": [...] }`). */
const CONTROL: Record<string, readonly string[]> = {
  wechat: [
    'addApp',
    'userWrote',
    'csMessageSent',
    'failNext',
    'expireToken',
    'invalidateToken',
    'tokenFetches',
    'timeline',
    'shownMs',
  ],
  nxcloud: [
    'addApp',
    'incoming',
    'outgoing',
    'businessReplied',
    'skew',
    'failNext',
    'isRead',
    'timeline',
    'shownMs',
  ],
  clock: ['now', 'advance'],
};

/** Whether the path is one the fakes answer. */
export function isFakePath(path: string): boolean {
  return (
    path === '/cgi-bin/token' ||
    path === '/cgi-bin/stable_token' ||
    WECHAT_TYPING.has(path) ||
    path === '/api/wa/typingIndicator' ||
    path.startsWith('/_fake/')
  );
}

function answer(ctx: RequestContext, a: FakeAnswer): void {
  sendJson(ctx.res, a.status, a.body as never, a.headers);
}

async function body(ctx: RequestContext): Promise<string> {
  return (await readBody(ctx.req, BODY_LIMIT)).toString('utf8');
}

function parse(raw: string): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/** Serves the fake APIs and their control calls. */
export async function handleFake(ctx: RequestContext, fakes: TypingFakes): Promise<void> {
  const { path } = ctx;
  const method = ctx.req.method ?? 'GET';
  try {
    if (path === '/cgi-bin/token' && method === 'GET') {
      return answer(ctx, fakes.wechat.token(ctx.url.searchParams));
    }
    if (path === '/cgi-bin/stable_token' && method === 'POST') {
      return answer(ctx, fakes.wechat.stableToken(parse(await body(ctx))));
    }
    if (WECHAT_TYPING.has(path) && method === 'POST') {
      return answer(ctx, fakes.wechat.typing(path, ctx.url.searchParams, parse(await body(ctx))));
    }
    if (path === '/api/wa/typingIndicator' && method === 'POST') {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(ctx.req.headers)) {
        if (typeof v === 'string') headers[k.toLowerCase()] = v;
      }
      return answer(ctx, fakes.nxcloud.typingIndicator(headers, await body(ctx)));
    }
    const [, , fake = '', name = ''] = path.split('/');
    if (method === 'POST' && CONTROL[fake]?.includes(name)) {
      const args = parse(await body(ctx))?.args ?? [];
      if (!Array.isArray(args)) return sendJson(ctx.res, 400, { error: 'args must be an array' });
      const target = (fake === 'clock'
        ? fakes.clock
        : fakes[fake as 'wechat' | 'nxcloud']) as unknown as Record<
        string,
        (...a: unknown[]) => unknown
      >;
      const result = target[name]!.call(target, ...(args as unknown[]));
      return sendJson(ctx.res, 200, { result: (result ?? null) as never });
    }
    sendJson(ctx.res, 404, { error: `no fake route ${method} ${path}` });
  } catch (error) {
    const status = error instanceof BodyTooLargeError ? 413 : 400;
    sendJson(ctx.res, status, { error: error instanceof Error ? error.message : String(error) });
  }
}
