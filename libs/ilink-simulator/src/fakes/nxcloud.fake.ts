import { createHash } from 'node:crypto';
import { type FakeClock, type FakeTypingEvent, ShownIntervals } from './manual-clock.js';
import { type FakeAnswer } from './wechat-cs.fake.js';

/** An app of the NXCloud fake. */
export interface NxcloudFakeApp {
  accessKey: string;
  accessSecret: string;
  appKey: string;
  /** Business numbers bound to the app (with country code). */
  businessPhones: string[];
}

/** One request as the fake saw it. */
export interface NxcloudFakeCall {
  at: number;
  headers: Record<string, string>;
  body: string;
  code: number;
  /** `data.error.error_data.details` when answered. */
  downstream?: string;
}

interface FakeMessage {
  direction: 'incoming' | 'outgoing';
  user: string;
  businessPhone: string;
  read: boolean;
}

const MAX_DRIFT_MS = 60_000;
const INDICATOR_MS = 25_000;
const FBTRACE = 'AfakeTraceId0000000000';

/**
 * A fake of NXCloud's WhatsApp typing indicator (seed 004) on a controllable clock: it checks
 * the signature (MD5, or SHA-256 with `algorithm: sha256`) over the sorted headers, the exact
 * body bytes and the secret, `ts` within 60 s of its clock (`skew` moves its clock; its `Date`
 * header tells it), the fixed header and body values, the business number (`9002`, `10003`), and
 * the message id against the messages registered with `incoming`/`outgoing` (`code 0` with
 * `data.error`). A success shows the indicator to the message's user for 25 s, or until
 * `businessReplied`. `failNext` queues a top-level code (`-1`, `9001`, …).
 */
export class NxcloudFake {
  private readonly apps = new Map<string, NxcloudFakeApp>();
  private readonly messages = new Map<string, FakeMessage>();
  private readonly shown = new Map<string, ShownIntervals>();
  private readonly faults: number[] = [];
  private skewMs = 0;
  /** Every request, in order. */
  readonly calls: NxcloudFakeCall[] = [];

  constructor(private readonly clock: FakeClock) {}

  /** Registers an app. */
  addApp(app: NxcloudFakeApp): void {
    this.apps.set(app.accessKey, { ...app, businessPhones: [...app.businessPhones] });
  }

  /** The user `user` sent message `messageId` to `businessPhone`. */
  incoming(messageId: string, user: string, businessPhone: string): void {
    this.messages.set(messageId, { direction: 'incoming', user, businessPhone, read: false });
  }

  /** The business sent message `messageId` to `user`. */
  outgoing(messageId: string, user: string, businessPhone: string): void {
    this.messages.set(messageId, { direction: 'outgoing', user, businessPhone, read: false });
  }

  /** The business replied to `user`: WhatsApp hides the indicator. */
  businessReplied(user: string): void {
    this.intervals(user).hide(this.clock.now());
  }

  /** Moves the server's clock `ms` away from the shared clock (drift). */
  skew(ms: number): void {
    this.skewMs = ms;
  }

  /** The next `count` requests answer the top-level `code`. */
  failNext(code: number, count = 1): void {
    for (let i = 0; i < count; i++) this.faults.push(code);
  }

  /** Whether the message was marked read. */
  isRead(messageId: string): boolean {
    return this.messages.get(messageId)?.read ?? false;
  }

  /** What the user saw: "typing" on/off by fake-clock time. */
  timeline(user: string): FakeTypingEvent[] {
    return this.intervals(user).timeline(this.clock.now());
  }

  /** How many ms the user saw "typing" within [from, to). */
  shownMs(user: string, from: number, to: number): number {
    return this.intervals(user).shownMs(from, to);
  }

  /** `POST /api/wa/typingIndicator` with its headers (lower-cased names) and raw body. */
  typingIndicator(headers: Record<string, string>, raw: string): FakeAnswer {
    const now = this.clock.now() + this.skewMs;
    const call: NxcloudFakeCall = { at: this.clock.now(), headers, body: raw, code: 0 };
    this.calls.push(call);
    const date = { Date: new Date(now).toUTCString() };
    const fail = (code: number, message: string): FakeAnswer => {
      call.code = code;
      return { status: 200, body: { code, data: null, message }, headers: date };
    };
    const h = {
      accessKey: headers.accesskey,
      ts: headers.ts,
      bizType: headers.biztype,
      action: headers.action,
    };
    const sign = headers.sign;
    if (!h.accessKey || !h.ts || !h.bizType || !h.action || !sign) {
      return fail(1000, 'Authentication failed: missing accessKey, ts, bizType, action or sign');
    }
    const app = this.apps.get(h.accessKey);
    if (!app) return fail(1001, 'Authentication failed: unknown accessKey');
    const ts = Number(h.ts);
    if (!/^\d+$/.test(h.ts) || Math.abs(ts - now) > MAX_DRIFT_MS) {
      return fail(1003, 'Authentication failed: ts is more than 60 s from the server time');
    }
    const algorithm = (headers.algorithm ?? 'md5').toLowerCase();
    if (algorithm !== 'md5' && algorithm !== 'sha256') {
      return fail(1004, 'Authentication failed: unsupported algorithm');
    }
    const base =
      Object.keys(h)
        .sort()
        .map((k) => `${k}=${h[k as keyof typeof h]}`)
        .join('&') + `&body=${raw}&accessSecret=${app.accessSecret}`;
    if (createHash(algorithm).update(base, 'utf8').digest('hex') !== sign) {
      return fail(1002, 'Authentication failed: sign mismatch');
    }
    const fault = this.faults.shift();
    if (fault !== undefined) return fail(fault, fault === -1 ? 'failure' : 'injected by failNext');
    if (h.bizType !== '2') return fail(9000, 'Invalid parameter (bizType must be 2)');
    if (h.action !== 'read') return fail(9000, "Invalid parameter (action must be 'read')");
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return fail(9000, 'Invalid parameter (body is not JSON)');
    }
    if (body.appkey !== app.appKey) return fail(9000, 'Invalid parameter (appkey)');
    if (body.messaging_product !== 'whatsapp') {
      return fail(9000, "Invalid parameter (messaging_product must be 'whatsapp')");
    }
    if (body.status !== 'read') return fail(9000, "Invalid parameter (status must be 'read')");
    const indicator = body.typing_indicator as { type?: unknown } | undefined;
    if (indicator?.type !== 'text') {
      return fail(9000, "Invalid parameter (typing_indicator.type must be 'text')");
    }
    if (typeof body.message_id !== 'string' || body.message_id === '') {
      return fail(9000, 'Invalid parameter (message_id)');
    }
    const phone = body.business_phone;
    if (typeof phone !== 'string' || !/^\d{6,15}$/.test(phone)) {
      return fail(9002, 'Invalid business phone number');
    }
    if (!app.businessPhones.includes(phone)) {
      return fail(10003, 'This WhatsApp number is not bound to the app');
    }
    const message = this.messages.get(body.message_id);
    if (!message || message.businessPhone !== phone) {
      return this.downstream(call, date, 'Please check the message ID you have provided.');
    }
    if (message.direction === 'outgoing') {
      return this.downstream(
        call,
        date,
        `Message supplied to mark message as read API with message ID: ${body.message_id} ` +
          'is outgoing. Please use an incoming message ID.',
      );
    }
    message.read = true;
    const at = this.clock.now();
    this.intervals(message.user).show(at, at + INDICATOR_MS);
    return {
      status: 200,
      body: { code: 0, data: { success: true }, message: 'success' },
      headers: date,
    };
  }

  private downstream(
    call: NxcloudFakeCall,
    headers: Record<string, string>,
    details: string,
  ): FakeAnswer {
    call.downstream = details;
    return {
      status: 200,
      headers,
      body: {
        code: 0,
        data: {
          error: {
            code: 100.0,
            message: '(#100) Invalid parameter',
            type: 'OAuthException',
            fbtrace_id: FBTRACE,
            error_data: { messaging_product: 'whatsapp', details },
          },
        },
        message: 'success',
      },
    };
  }

  private intervals(user: string): ShownIntervals {
    let list = this.shown.get(user);
    if (!list) {
      list = new ShownIntervals();
      this.shown.set(user, list);
    }
    return list;
  }
}
