/**
 * A deliberately tiny raw iLink client for the simulator's own specs: hand-built headers, plain
 * `fetch`, no code shared with the library client.
 */

/** `base_info` of the official 2.4.9 client plus a bot agent. */
export const BASE_INFO = { channel_version: '2.4.9', bot_agent: 'SimSpec/1.0.0' };

/** A fresh `X-WECHAT-UIN`: base64 of the decimal text of a random uint32. */
export function freshUin(): string {
  const value = Math.floor(Math.random() * 0xffffffff);
  return Buffer.from(String(value), 'utf8').toString('base64');
}

/** The headers of an iLink POST (§3.1), optionally with a bearer token. */
export function postHeaders(token?: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    AuthorizationType: 'ilink_bot_token',
    'X-WECHAT-UIN': freshUin(),
    'iLink-App-Id': 'bot',
    'iLink-App-ClientVersion': '132105',
    ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
  };
}

/** An answer with its raw text and a parse that keeps uint64 ids as strings. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

function parseLossless(text: string): Record<string, unknown> {
  if (text === '') return {};
  try {
    return JSON.parse(text.replace(/"(message_id|msg_id|svr_id)":(-?\d+)/g, '"$1":"$2"')) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

async function toAnswer(response: Response): Promise<RawAnswer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseLossless(text) };
}

/** Options of `ilinkPost`. */
export interface PostOptions {
  token?: string;
  /** Header overrides; `undefined` removes a header. */
  headers?: Record<string, string | undefined>;
  /** Raw body text instead of JSON. */
  rawBody?: string;
  signal?: AbortSignal;
}

/** POSTs `body` to `<baseUrl>ilink/bot/<endpoint>`. */
export async function ilinkPost(
  baseUrl: string,
  endpoint: string,
  body: unknown,
  opts: PostOptions = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = postHeaders(opts.token);
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  const response = await fetch(`${baseUrl}ilink/bot/${endpoint}`, {
    method: 'POST',
    headers,
    // A Buffer body keeps fetch from adding a Content-Type of its own.
    body: Buffer.from(opts.rawBody ?? JSON.stringify(body), 'utf8'),
    signal: opts.signal,
  });
  return toAnswer(response);
}

/**
 * `msg/notifystart` with a valid body: the plainest authenticated call, to see whether `token` is
 * accepted (`opts` adds header overrides).
 */
export function notifyStart(
  baseUrl: string,
  token: string | undefined,
  opts: Omit<PostOptions, 'token'> = {},
): Promise<RawAnswer> {
  return ilinkPost(baseUrl, 'msg/notifystart', { base_info: BASE_INFO }, { ...opts, token });
}

/** GETs `<baseUrl><pathAndQuery>` with the iLink GET headers (§3.1). */
export async function ilinkGet(
  baseUrl: string,
  pathAndQuery: string,
  headers: Record<string, string> = { 'iLink-App-Id': 'bot', 'iLink-App-ClientVersion': '132105' },
): Promise<RawAnswer> {
  return toAnswer(await fetch(`${baseUrl}${pathAndQuery}`, { headers }));
}

/** A text reply body for `sendmessage`. */
export function textReply(toUserId: string, contextToken: string, text: string): unknown {
  return {
    msg: {
      from_user_id: '',
      to_user_id: toUserId,
      client_id: `simspec:${Date.now()}-${Math.random().toString(16).slice(2, 10)}`,
      message_type: 2,
      message_state: 2,
      context_token: contextToken,
      item_list: [{ type: 1, text_item: { text } }],
    },
    base_info: BASE_INFO,
  };
}
