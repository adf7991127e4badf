import { randomBytes } from 'node:crypto';
import { type FakeClock, type FakeTypingEvent, ShownIntervals } from './manual-clock.js';

/** An app of the customer-service fake. */
export interface WeChatFakeApp {
  appId: string;
  secret: string;
  /** Which typing address it may call. @default 'official-account' */
  kind?: 'official-account' | 'mini-program';
}

/** One typing request as the fake saw it. */
export interface WeChatFakeCall {
  at: number;
  path: string;
  appId?: string;
  openId?: string;
  command?: string;
  errcode: number;
}

interface TokenInfo {
  appId: string;
  expiresAt: number;
  superseded: boolean;
}

interface UserInfo {
  lastInteractionAt?: number;
  shown: ShownIntervals;
  statusUntil: number;
}

const OA_PATH = '/cgi-bin/message/custom/typing';
const MP_PATH = '/cgi-bin/message/custom/business/typing';
const WINDOW_MS = 30_000;
const STATUS_MS = 15_000;
const SERVICE_WINDOW_MS = 48 * 3_600_000;
const TOKEN_LIFE_S = 7_200;

/** The answer of a fake endpoint. */
export interface FakeAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * A fake of WeChat's customer-service typing (seed 001) and its access tokens, on a controllable
 * clock: `cgi-bin/token` issues a token and supersedes the previous one (`40001`),
 * `cgi-bin/stable_token` keeps it, tokens expire (`42001`), unknown ones are `40014`; typing
 * needs a message from the user in the last 30 s (`45080`, 48 h service window `45015`), a status
 * lasts 15 s and a second `Typing` while it lasts is `45081`, `CancelTyping` or a customer-service
 * message ends it; a bad `command` is `45072`; `failNext` queues any errcode (e.g. `-1`).
 */
export class WeChatCsFake {
  private readonly apps = new Map<string, Required<WeChatFakeApp>>();
  private readonly tokens = new Map<string, TokenInfo>();
  private readonly current = new Map<string, string>();
  private readonly fetches = new Map<string, number>();
  private readonly users = new Map<string, UserInfo>();
  private readonly faults = new Map<string, number[]>();
  /** Every typing request, in order. */
  readonly calls: WeChatFakeCall[] = [];

  constructor(private readonly clock: FakeClock) {}

  /** Registers an app (its credentials and kind). */
  addApp(app: WeChatFakeApp): void {
    this.apps.set(app.appId, { kind: 'official-account', ...app });
  }

  /** The user sent the app a message now (or at `at`): typing is allowed for 30 s. */
  userWrote(appId: string, openId: string, at: number = this.clock.now()): void {
    this.user(appId, openId).lastInteractionAt = at;
  }

  /** The app sent the user a customer-service message: the typing status ends. */
  csMessageSent(appId: string, openId: string): void {
    const user = this.user(appId, openId);
    const now = this.clock.now();
    if (user.statusUntil > now) user.statusUntil = now;
    user.shown.hide(now);
  }

  /** The next `count` typing requests of the app answer `errcode` (after the token check). */
  failNext(appId: string, errcode: number, count = 1): void {
    const list = this.faults.get(appId) ?? [];
    for (let i = 0; i < count; i++) list.push(errcode);
    this.faults.set(appId, list);
  }

  /** Makes the app's current token expire now (`42001` next). */
  expireToken(appId: string): void {
    const token = this.current.get(appId);
    const info = token ? this.tokens.get(token) : undefined;
    if (info) info.expiresAt = this.clock.now();
  }

  /** Supersedes the app's current token as another fetch would (`40001` next). */
  invalidateToken(appId: string): void {
    const token = this.current.get(appId);
    const info = token ? this.tokens.get(token) : undefined;
    if (info) info.superseded = true;
  }

  /** How many tokens were issued to the app. */
  tokenFetches(appId: string): number {
    return this.fetches.get(appId) ?? 0;
  }

  /** What the user saw: "typing" on/off by fake-clock time. */
  timeline(appId: string, openId: string): FakeTypingEvent[] {
    return this.user(appId, openId).shown.timeline(this.clock.now());
  }

  /** How many ms the user saw "typing" within [from, to). */
  shownMs(appId: string, openId: string, from: number, to: number): number {
    return this.user(appId, openId).shown.shownMs(from, to);
  }

  /** `GET /cgi-bin/token?grant_type=client_credential&appid=&secret=`. */
  token(query: URLSearchParams): FakeAnswer {
    if (query.get('grant_type') !== 'client_credential') return err(40002, 'invalid grant_type');
    const app = this.apps.get(query.get('appid') ?? '');
    if (!app) return err(40013, 'invalid appid');
    if (query.get('secret') !== app.secret) return err(40125, 'invalid appsecret');
    const old = this.current.get(app.appId);
    if (old) this.tokens.get(old)!.superseded = true;
    return this.issue(app.appId);
  }

  /** `POST /cgi-bin/stable_token` `{ grant_type, appid, secret, force_refresh }`. */
  stableToken(body: Record<string, unknown> | undefined): FakeAnswer {
    if (body?.grant_type !== 'client_credential') return err(40002, 'invalid grant_type');
    const app = this.apps.get(String(body.appid ?? ''));
    if (!app) return err(40013, 'invalid appid');
    if (body.secret !== app.secret) return err(40125, 'invalid appsecret');
    const now = this.clock.now();
    const old = this.current.get(app.appId);
    const info = old ? this.tokens.get(old) : undefined;
    if (old && info && !info.superseded && info.expiresAt > now && body.force_refresh !== true) {
      return ok({ access_token: old, expires_in: Math.floor((info.expiresAt - now) / 1000) });
    }
    return this.issue(app.appId);
  }

  /** `POST /cgi-bin/message/custom/typing` and `/cgi-bin/message/custom/business/typing`. */
  typing(
    path: string,
    query: URLSearchParams,
    body: Record<string, unknown> | undefined,
  ): FakeAnswer {
    const now = this.clock.now();
    const call: WeChatFakeCall = { at: now, path, errcode: 0 };
    this.calls.push(call);
    const answer = (errcode: number, errmsg: string): FakeAnswer => {
      call.errcode = errcode;
      return errcode === 0 ? ok({ errcode: 0, errmsg: 'ok' }) : err(errcode, errmsg);
    };
    const token = query.get('access_token') ?? '';
    const info = this.tokens.get(token);
    if (!info) return answer(40014, 'invalid access_token');
    call.appId = info.appId;
    if (info.superseded)
      return answer(40001, 'invalid credential, access_token is invalid or not latest');
    if (info.expiresAt <= now) return answer(42001, 'access_token expired');
    const app = this.apps.get(info.appId)!;
    if (path !== (app.kind === 'mini-program' ? MP_PATH : OA_PATH)) {
      return answer(48001, 'api unauthorized');
    }
    const openId = typeof body?.touser === 'string' ? body.touser : '';
    const command = body?.command;
    call.openId = openId;
    call.command = typeof command === 'string' ? command : undefined;
    if (!openId) return answer(40003, 'invalid openid');
    const fault = this.faults.get(info.appId)?.shift();
    if (fault !== undefined) return answer(fault, 'injected by failNext');
    if (command !== 'Typing' && command !== 'CancelTyping') {
      return answer(45072, 'command invalid');
    }
    const user = this.user(info.appId, openId);
    const last = user.lastInteractionAt;
    if (last !== undefined && now - last > SERVICE_WINDOW_MS) {
      return answer(45015, 'response out of time limit or subscription is canceled');
    }
    if (command === 'CancelTyping') {
      if (user.statusUntil > now) user.statusUntil = now;
      user.shown.hide(now);
      return answer(0, 'ok');
    }
    if (last === undefined || now - last >= WINDOW_MS) {
      return answer(45080, 'no message interaction with the user in the last 30 seconds');
    }
    if (user.statusUntil > now) return answer(45081, 'already in typing status');
    user.statusUntil = now + STATUS_MS;
    user.shown.show(now, now + STATUS_MS);
    return answer(0, 'ok');
  }

  private issue(appId: string): FakeAnswer {
    const token = `fake-${appId}-${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, {
      appId,
      expiresAt: this.clock.now() + TOKEN_LIFE_S * 1000,
      superseded: false,
    });
    this.current.set(appId, token);
    this.fetches.set(appId, this.tokenFetches(appId) + 1);
    return ok({ access_token: token, expires_in: TOKEN_LIFE_S });
  }

  private user(appId: string, openId: string): UserInfo {
    const key = `${appId}\u0000${openId}`;
    let user = this.users.get(key);
    if (!user) {
      user = { shown: new ShownIntervals(), statusUntil: 0 };
      this.users.set(key, user);
    }
    return user;
  }
}

function ok(body: Record<string, unknown>): FakeAnswer {
  return { status: 200, body };
}

function err(errcode: number, errmsg: string): FakeAnswer {
  return { status: 200, body: { errcode, errmsg } };
}
