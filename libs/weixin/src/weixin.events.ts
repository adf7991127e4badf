import type { WeixinMessage } from './protocol/index.js';
import type { PollStopReason } from './interfaces/poll-status.interface.js';

/** Every event the library emits through `@nestjs/event-emitter` (use with `@OnEvent`). */
export const WeixinEvents = {
  /** A new inbound message was stored (before handlers run). Payload: `WeixinMessageReceivedEvent`. */
  MessageReceived: 'weixin.message.received',
  /** Handlers finished a message. Payload: `WeixinMessageHandledEvent`. */
  MessageHandled: 'weixin.message.handled',
  /** A message failed every attempt and was dead-lettered. Payload: `WeixinMessageFailedEvent`. */
  MessageFailed: 'weixin.message.failed',
  /** An account's session is stale (`-14`): it needs a new QR login. Payload: `WeixinSessionExpiredEvent`. */
  SessionExpired: 'weixin.session.expired',
  /** This replica started polling an account. Payload: `WeixinPollingEvent`. */
  PollingStarted: 'weixin.polling.started',
  /** This replica stopped polling an account. Payload: `WeixinPollingEvent`. */
  PollingStopped: 'weixin.polling.stopped',
  /** An outbound message went to the outbox. Payload: `DeliveryRecord`. */
  DeliveryQueued: 'weixin.delivery.queued',
  /** The server accepted an outbound message. Payload: `DeliveryRecord`. */
  DeliveryAccepted: 'weixin.delivery.accepted',
  /** The server refused an outbound message, or it cannot be sent. Payload: `DeliveryRecord`. */
  DeliveryRejected: 'weixin.delivery.rejected',
  /** An outbound message may or may not have arrived (transport failure). Payload: `DeliveryRecord`. */
  DeliveryUnknown: 'weixin.delivery.unknown',
  /** A queued message expired in the outbox. Payload: `DeliveryRecord`. */
  DeliveryExpired: 'weixin.delivery.expired',
  /** A queued message was cancelled. Payload: `DeliveryRecord`. */
  DeliveryCancelled: 'weixin.delivery.cancelled',
  /**
   * A user's window closes within `send.windowReminder.beforeMs` (emitted once per user and
   * window, by one replica): prompt the user to write. Payload: `WeixinWindowClosingEvent`.
   */
  WindowClosing: 'weixin.window.closing',
  /** The per-account `ret -2` breaker opened. Payload: `{ accountId, until: Date, reason }`. */
  BreakerOpened: 'weixin.breaker.opened',
  /**
   * Emit it when a user wrote to the app on a typing channel that needs it (WeChat customer
   * service: typing only within 30 s of the user's message). Payload: `WeixinTypingInteractionEvent`.
   */
  TypingInteraction: 'weixin.typing.interaction',
  /**
   * Emit it when the app sent the user a message on a typing channel (a customer-service message
   * ends the typing status; WhatsApp hides the indicator). Payload: `WeixinTypingRepliedEvent`.
   */
  TypingReplied: 'weixin.typing.replied',
  /** An account was added or renewed. Payload: `{ accountId }`. */
  AccountAdded: 'weixin.account.added',
  /** An account was removed. Payload: `{ accountId }`. */
  AccountRemoved: 'weixin.account.removed',
  /** A `getupdates` long poll of this replica succeeded. Payload: `WeixinPollEvent`. */
  PollSucceeded: 'weixin.poll.succeeded',
  /** A `getupdates` long poll of this replica failed. Payload: `WeixinPollEvent` with `code`. */
  PollFailed: 'weixin.poll.failed',
} as const;

/** Payload of `weixin.message.received`. */
export interface WeixinMessageReceivedEvent {
  accountId: string;
  inboxId: string;
  messageId: string;
  from: string;
  message: WeixinMessage;
}

/** Payload of `weixin.message.handled`. */
export interface WeixinMessageHandledEvent {
  accountId: string;
  inboxId: string;
  messageId: string;
  from: string;
  handlers: string[];
}

/** Payload of `weixin.message.failed`. */
export interface WeixinMessageFailedEvent {
  accountId: string;
  inboxId: string;
  messageId: string;
  from: string;
  attempts: number;
  error: string;
}

/** Payload of `weixin.session.expired`. */
export interface WeixinSessionExpiredEvent {
  accountId: string;
  errmsg?: string;
  /** What usually causes it and what to do ({@link SESSION_EXPIRED_HINT}). */
  hint?: string;
}

/**
 * The likely causes of a `-14`, carried by `weixin.session.expired`: the same WeChat account bound
 * another bot instance (the server ends the earlier session about 29 s after the new binding; one
 * instance per WeChat user, protocol §6.6, §18), or the token was revoked. A new QR login is needed.
 */
export const SESSION_EXPIRED_HINT =
  'session expired (-14): most often the same WeChat account bound this bot on another instance ' +
  '(the server ends the earlier session about 29 s after the new binding: one instance per ' +
  'WeChat user), or the token was revoked; log in again with a QR code';

/** Payload of `weixin.window.closing`. */
export interface WeixinWindowClosingEvent {
  accountId: string;
  userId: string;
  /** When the user's last message arrived (the window opened). */
  receivedAt: Date;
  /** When the window closes (`send.windowMs` after `receivedAt`); later sends are queued. */
  closesAt: Date;
}

/** Payload of `weixin.polling.started` / `weixin.polling.stopped`. */
export interface WeixinPollingEvent {
  accountId: string;
  replicaId: string;
  /** Why polling stopped (stopped events only). */
  reason?: PollStopReason;
}

/** Payload of `weixin.poll.succeeded` / `weixin.poll.failed`. */
export interface WeixinPollEvent {
  accountId: string;
  /** Messages the poll delivered (succeeded only). */
  messages?: number;
  /** The error's code (`WeixinError.code`, e.g. `ILINK_TRANSPORT`), failed only. */
  code?: string;
  /** The server's `ret`/`errcode` when it answered one (failed only). */
  ret?: number;
}
