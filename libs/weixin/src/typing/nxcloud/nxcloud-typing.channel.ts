import type { TypingClock } from '../../interfaces/typing-clock.interface.js';
import { SYSTEM_TYPING_CLOCK } from '../typing-clock.js';
import type { NxcloudTypingChannelOptions } from '../../interfaces/typing-channels-options.interface.js';
import type { TypingAddressee, WeixinTypingChannel } from '../weixin-typing-channel.interface.js';
import { nxcloudSign } from './nxcloud-sign.js';
import { NxcloudTypingError, nxcloudKindOf } from './nxcloud-typing.error.js';

/** WhatsApp dismisses the indicator after 25 s; it is re-sent before. */
export const NXCLOUD_INDICATOR_MS = 25_000;
/** The keep-alive interval: well inside the 25 s. */
export const NXCLOUD_KEEP_ALIVE_MS = 20_000;
/** Most drift the server accepts between `ts` and its clock. */
const MAX_DRIFT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 10_000;

interface NxcloudAnswer {
  code?: number;
  message?: string;
  data?: { error?: { code?: number; message?: string; error_data?: { details?: string } } } | null;
}

/**
 * WhatsApp typing through NXCloud (`POST /api/wa/typingIndicator`, seed 004): a signed request
 * that marks the user's incoming message read and shows the indicator for 25 s. `keepAlive`
 * sends it again every 20 s; there is no cancel, so `stop` sends nothing. An authentication
 * answer whose `Date` shows the clocks more than a minute apart corrects `ts` and is retried once.
 */
export class NxcloudTypingChannel implements WeixinTypingChannel {
  readonly name: string;
  readonly keepAliveMs = NXCLOUD_KEEP_ALIVE_MS;
  private readonly url: string;
  private clockOffsetMs = 0;

  constructor(
    private readonly options: NxcloudTypingChannelOptions,
    private readonly clock: TypingClock = SYSTEM_TYPING_CLOCK,
  ) {
    this.name = options.name;
    this.url = new URL(
      '/api/wa/typingIndicator',
      options.baseUrl ?? 'https://api2.nxcloud.com',
    ).href;
  }

  /** NXCloud needs the id of the user's incoming message. */
  check(to: TypingAddressee): void {
    if (!to.messageId) {
      throw new NxcloudTypingError(
        'missing-message-id',
        `typing on ${this.name} needs the messageId of the user's incoming WhatsApp message`,
      );
    }
  }

  /** Shows the indicator (and marks the message read). */
  start(_accountId: string, _userId: string, to: TypingAddressee): Promise<void> {
    return this.send(to);
  }

  /** Shows it again before its 25 s run out. */
  keepAlive(_accountId: string, _userId: string, to: TypingAddressee): Promise<void> {
    return this.send(to);
  }

  /** NXCloud has no cancel: sends nothing (WhatsApp hides it on the reply or after 25 s). */
  stop(): Promise<void> {
    return Promise.resolve();
  }

  /** The exact body for an incoming message id (seed 004's example, field for field). */
  body(messageId: string): string {
    return JSON.stringify({
      appkey: this.options.appKey,
      messaging_product: 'whatsapp',
      business_phone: this.options.businessPhone,
      status: 'read',
      message_id: messageId,
      typing_indicator: { type: 'text' },
    });
  }

  /** Sends one typing request. @throws NxcloudTypingError */
  async send(to: TypingAddressee): Promise<void> {
    this.check(to);
    const first = await this.request(to.messageId as string);
    if (first.answer.code !== undefined && nxcloudKindOf(first.answer.code) === 'auth') {
      const serverNow = Date.parse(first.date ?? '');
      const localNow = this.clock.now();
      if (
        Number.isFinite(serverNow) &&
        Math.abs(serverNow - (localNow + this.clockOffsetMs)) > MAX_DRIFT_MS / 2
      ) {
        this.clockOffsetMs = serverNow - localNow;
        return this.judge((await this.request(to.messageId as string)).answer);
      }
    }
    this.judge(first.answer);
  }

  private async request(messageId: string): Promise<{ answer: NxcloudAnswer; date?: string }> {
    const body = this.body(messageId);
    const signed = {
      accessKey: this.options.accessKey,
      ts: String(Math.round(this.clock.now() + this.clockOffsetMs)),
      bizType: '2',
      action: 'read',
    };
    const algorithm = this.options.algorithm ?? 'md5';
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...signed,
      sign: nxcloudSign(signed, body, this.options.accessSecret, algorithm),
    };
    if (algorithm !== 'md5') headers.algorithm = algorithm;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new NxcloudTypingError('transport', `NXCloud typing request failed: ${String(err)}`);
    }
    const text = await res.text();
    let answer: NxcloudAnswer;
    try {
      answer = JSON.parse(text) as NxcloudAnswer;
    } catch {
      throw new NxcloudTypingError(
        'transport',
        `NXCloud answered HTTP ${res.status} without JSON: ${text.slice(0, 200)}`,
      );
    }
    if (typeof answer !== 'object' || answer === null) {
      throw new NxcloudTypingError('transport', `NXCloud answered ${text.slice(0, 200)}`);
    }
    return { answer, date: res.headers.get('date') ?? undefined };
  }

  private judge(answer: NxcloudAnswer): void {
    const code = answer.code;
    if (code !== 0) {
      const n = typeof code === 'number' ? code : Number.NaN;
      throw new NxcloudTypingError(
        Number.isNaN(n) ? 'downstream' : nxcloudKindOf(n),
        `NXCloud answered code ${String(code)}: ${answer.message ?? ''}`,
        Number.isNaN(n) ? undefined : n,
      );
    }
    const error = answer.data?.error;
    if (error) {
      const details = error.error_data?.details ?? '';
      const kind = /is outgoing/i.test(details)
        ? 'outgoing-message'
        : /message ID/i.test(details)
          ? 'unknown-message'
          : 'downstream';
      throw new NxcloudTypingError(
        kind,
        `NXCloud (WhatsApp) refused: ${error.message ?? ''} ${details}`.trim(),
        error.code,
      );
    }
  }
}
