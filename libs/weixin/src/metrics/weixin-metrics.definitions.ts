import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Creates the metrics of nestjs-weixin in `registry`, each name after `prefix`. */
export function createWeixinMetrics(registry: Registry, prefix: string, buckets: number[]) {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name: `${prefix}${name}`, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name: `${prefix}${name}`, help, labelNames, registers });
  return {
    polls: counter('polls_total', 'getupdates long polls that succeeded, by account', ['account']),
    pollErrors: counter(
      'poll_errors_total',
      'getupdates long polls that failed, by account and error code',
      ['account', 'code'],
    ),
    messagesIn: counter(
      'messages_received_total',
      'Inbound messages stored and queued for handlers, by account',
      ['account'],
    ),
    messagesDone: counter(
      'messages_processed_total',
      'Inbound messages that finished, by account and result (handled, failed)',
      ['account', 'result'],
    ),
    handleSeconds: new Histogram({
      name: `${prefix}message_handle_seconds`,
      help: 'Time from queueing an inbound message to the end of its handlers',
      labelNames: ['result'] as const,
      buckets,
      registers,
    }),
    sends: counter(
      'sends_total',
      'Outbound messages by account and result (accepted, rejected, unknown, queued, expired, cancelled)',
      ['account', 'result'],
    ),
    outboxDepth: gauge(
      'outbox_depth',
      'Outbound messages waiting in the outbox, by account (sampled)',
      ['account'],
    ),
    inboxBacklog: gauge(
      'inbox_backlog',
      'Inbox rows not done, by account and status (pending, dead) (sampled)',
      ['account', 'status'],
    ),
    repliesLeft: gauge(
      'replies_left',
      'Replies left in open reply windows, summed over users, by account (sampled)',
      ['account'],
    ),
    typingLeases: gauge('typing_leases', 'Typing leases held in this process (sampled)'),
    accountsPolled: gauge('accounts_polled', 'Accounts this replica polls now'),
    leaseChanges: counter(
      'lease_changes_total',
      'Accounts this replica started (acquired) or stopped (released) polling, by reason',
      ['change', 'reason'],
    ),
    sessionsExpired: counter(
      'sessions_expired_total',
      'Sessions that expired (-14) and need a new QR login, by account',
      ['account'],
    ),
  };
}

/** The metric objects of `WeixinMetricsService`. */
export type WeixinMetrics = ReturnType<typeof createWeixinMetrics>;
