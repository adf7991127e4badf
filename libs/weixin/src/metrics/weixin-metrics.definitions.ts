import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Creates the metrics of nestjs-weixin in `registry`. */
export function createWeixinMetrics(registry: Registry, prefix: string, buckets: number[]) {
  const registers = [registry];
  return {
    polls: new Counter({
      name: `${prefix}polls_total`,
      help: 'getupdates long polls that succeeded, by account',
      labelNames: ['account'] as const,
      registers,
    }),
    pollErrors: new Counter({
      name: `${prefix}poll_errors_total`,
      help: 'getupdates long polls that failed, by account and error code',
      labelNames: ['account', 'code'] as const,
      registers,
    }),
    messagesIn: new Counter({
      name: `${prefix}messages_received_total`,
      help: 'Inbound messages stored and queued for handlers, by account',
      labelNames: ['account'] as const,
      registers,
    }),
    messagesDone: new Counter({
      name: `${prefix}messages_processed_total`,
      help: 'Inbound messages that finished, by account and result (handled, failed)',
      labelNames: ['account', 'result'] as const,
      registers,
    }),
    handleSeconds: new Histogram({
      name: `${prefix}message_handle_seconds`,
      help: 'Time from queueing an inbound message to the end of its handlers',
      labelNames: ['result'] as const,
      buckets,
      registers,
    }),
    sends: new Counter({
      name: `${prefix}sends_total`,
      help: 'Outbound messages by account and result (accepted, rejected, unknown, queued, expired, cancelled)',
      labelNames: ['account', 'result'] as const,
      registers,
    }),
    outboxDepth: new Gauge({
      name: `${prefix}outbox_depth`,
      help: 'Outbound messages waiting in the outbox, by account (sampled)',
      labelNames: ['account'] as const,
      registers,
    }),
    inboxBacklog: new Gauge({
      name: `${prefix}inbox_backlog`,
      help: 'Inbox rows not done, by account and status (pending, dead) (sampled)',
      labelNames: ['account', 'status'] as const,
      registers,
    }),
    repliesLeft: new Gauge({
      name: `${prefix}replies_left`,
      help: 'Replies left in open reply windows, summed over users, by account (sampled)',
      labelNames: ['account'] as const,
      registers,
    }),
    typingLeases: new Gauge({
      name: `${prefix}typing_leases`,
      help: 'Typing leases held in this process (sampled)',
      registers,
    }),
    accountsPolled: new Gauge({
      name: `${prefix}accounts_polled`,
      help: 'Accounts this replica polls now',
      registers,
    }),
    leaseChanges: new Counter({
      name: `${prefix}lease_changes_total`,
      help: 'Accounts this replica started (acquired) or stopped (released) polling, by reason',
      labelNames: ['change', 'reason'] as const,
      registers,
    }),
    sessionsExpired: new Counter({
      name: `${prefix}sessions_expired_total`,
      help: 'Sessions that expired (-14) and need a new QR login, by account',
      labelNames: ['account'] as const,
      registers,
    }),
  };
}

/** The metric objects of `WeixinMetricsService`. */
export type WeixinMetrics = ReturnType<typeof createWeixinMetrics>;
