import type { TypingClock } from '../../interfaces/typing-clock.interface.js';
import type { CustomerServiceTypingChannelOptions } from '../../interfaces/typing-channels-options.interface.js';
import type { TypingAddressee, WeixinTypingChannel } from '../weixin-typing-channel.interface.js';
import {
  CustomerServiceTypingError,
  customerServiceKindOf,
  isTokenRejection,
} from './customer-service-typing.error.js';
import type { WeChatAccessToken } from './wechat-access-token.js';

/** Typing needs a message from the user within this long. */
export const CS_INTERACTION_WINDOW_MS = 30_000;
/** A `Typing` status lasts this long; a second one while it lasts is refused (45081). */
export const CS_STATUS_MS = 15_000;
/** Safety margins: the window is treated as closing this much earlier, the status as lasting longer. */
const WINDOW_MARGIN_MS = 500;
const STATUS_MARGIN_MS = 200;
/** The least a last-moment replacement must add to the shown status to be worth a flicker. */
const LAST_CHANCE_GAIN_MS = 1_000;
/** How often the service asks for a keep-alive (a local check; a request only when due). */
export const CS_CHECK_INTERVAL_MS = 250;
const REQUEST_TIMEOUT_MS = 10_000;

interface UserState {
  lastInteractionAt?: number;
  statusUntil: number;
}

/**
 * WeChat customer-service typing (seed 001) for one Official Account or Mini Program. The
 * platform's rules are kept before any request: typing only within 30 s of the user's last
 * message (the app reports them with {@link userInteracted}), one `Typing` per 15 s status (a
 * keep-alive sends again only once it ran out, while the 30 s allow it), `CancelTyping` at the end
 * while a status is shown, and a customer-service message sent to the user ({@link messageSent})
 * ends the status without a request. A rejected token is replaced once and the call repeated.
 */
export class CustomerServiceTypingChannel implements WeixinTypingChannel {
  readonly name: string;
  readonly keepAliveMs = CS_CHECK_INTERVAL_MS;
  private readonly url: URL;
  private readonly users = new Map<string, UserState>();

  constructor(
    private readonly options: CustomerServiceTypingChannelOptions,
    private readonly token: WeChatAccessToken,
    private readonly clock: TypingClock,
  ) {
    this.name = options.name;
    const path =
      options.kind === 'mini-program'
        ? '/cgi-bin/message/custom/business/typing'
        : '/cgi-bin/message/custom/typing';
    this.url = new URL(path, options.baseUrl ?? 'https://api.weixin.qq.com');
  }

  /** The user (OpenID) sent a message at `at` (default now): typing is allowed for 30 s. */
  userInteracted(openId: string, at: number = this.clock.now()): void {
    const user = this.user(openId);
    if (user.lastInteractionAt === undefined || at > user.lastInteractionAt) {
      user.lastInteractionAt = at;
    }
  }

  /** A customer-service message reached the user: WeChat ended the status, nothing is sent. */
  messageSent(openId: string): void {
    const user = this.users.get(openId);
    if (user) user.statusUntil = 0;
  }

  /** Whether the 30 s rule allows typing to the user now. */
  allowed(openId: string): boolean {
    const last = this.users.get(openId)?.lastInteractionAt;
    return (
      last !== undefined && this.clock.now() - last < CS_INTERACTION_WINDOW_MS - WINDOW_MARGIN_MS
    );
  }

  /** @throws CustomerServiceTypingError (`no-interaction`) outside the 30 s window */
  check(to: TypingAddressee): void {
    if (!this.allowed(to.userId)) {
      throw new CustomerServiceTypingError(
        'no-interaction',
        `typing to ${to.userId} on ${this.name} needs a message from the user in the last 30 s ` +
          '(report it with userInteracted() or the weixin.typing.interaction event)',
      );
    }
  }

  /** Sends `Typing` unless a status is still shown or the 30 s rule forbids it (`check` throws first). */
  async start(_a: string, _u: string, to: TypingAddressee): Promise<void> {
    if (this.shown(to.userId) || !this.allowed(to.userId)) return;
    await this.send(to.userId, 'Typing');
  }

  /**
   * Sends `Typing` again once the status ran out, while the 30 s rule allows it. In the last
   * moments the 30 s rule allows, a status that would end well before the latest one possible
   * is replaced (`CancelTyping`, then `Typing`): the indicator then lasts until 15 s after the
   * window closed, instead of going out up to 15 s earlier.
   */
  async keepAlive(_a: string, _u: string, to: TypingAddressee): Promise<void> {
    if (!this.allowed(to.userId)) return;
    if (this.shown(to.userId)) {
      if (!this.lastChance(to.userId)) return;
      await this.send(to.userId, 'CancelTyping');
    }
    await this.send(to.userId, 'Typing');
  }

  /**
   * Whether the 30 s rule ends within the next two checks and a status sent now would last at
   * least a second longer than the one shown.
   */
  private lastChance(openId: string): boolean {
    const user = this.users.get(openId);
    if (user?.lastInteractionAt === undefined) return false;
    const now = this.clock.now();
    const closesAt = user.lastInteractionAt + CS_INTERACTION_WINDOW_MS - WINDOW_MARGIN_MS;
    return (
      now + 2 * CS_CHECK_INTERVAL_MS >= closesAt &&
      now + CS_STATUS_MS + STATUS_MARGIN_MS - user.statusUntil >= LAST_CHANCE_GAIN_MS
    );
  }

  /** Sends `CancelTyping` while a status is shown. */
  async stop(_a: string, _u: string, to: TypingAddressee): Promise<void> {
    if (!this.shown(to.userId)) return;
    await this.send(to.userId, 'CancelTyping');
  }

  /** Sends one command (replacing a rejected token once). @throws CustomerServiceTypingError */
  async send(openId: string, command: string): Promise<void> {
    let token = await this.token.get();
    let answer = await this.post(token, openId, command);
    if (isTokenRejection(answer.errcode)) {
      token = await this.token.replace(token);
      answer = await this.post(token, openId, command);
    }
    const user = this.user(openId);
    if (answer.errcode === 0) {
      user.statusUntil =
        command === 'Typing' ? this.clock.now() + CS_STATUS_MS + STATUS_MARGIN_MS : 0;
      return;
    }
    if (answer.errcode === 45081)
      user.statusUntil = this.clock.now() + CS_STATUS_MS + STATUS_MARGIN_MS;
    throw new CustomerServiceTypingError(
      customerServiceKindOf(answer.errcode),
      `WeChat answered ${command} to ${openId} on ${this.name} with errcode ` +
        `${answer.errcode}: ${answer.errmsg}`,
      answer.errcode,
    );
  }

  private shown(openId: string): boolean {
    return (this.users.get(openId)?.statusUntil ?? 0) > this.clock.now();
  }

  private user(openId: string): UserState {
    let user = this.users.get(openId);
    if (!user) {
      user = { statusUntil: 0 };
      this.users.set(openId, user);
    }
    return user;
  }

  private async post(
    token: string,
    openId: string,
    command: string,
  ): Promise<{ errcode: number; errmsg: string }> {
    const url = new URL(this.url);
    url.searchParams.set('access_token', token);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ touser: openId, command }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new CustomerServiceTypingError('other', `typing request failed: ${String(err)}`);
    }
    const answer = (await res.json().catch(() => null)) as {
      errcode?: unknown;
      errmsg?: unknown;
    } | null;
    if (!answer || typeof answer.errcode !== 'number') {
      throw new CustomerServiceTypingError(
        'other',
        `WeChat answered HTTP ${res.status} without errcode`,
      );
    }
    return { errcode: answer.errcode, errmsg: String(answer.errmsg ?? '') };
  }
}
