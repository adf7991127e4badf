import { Logger } from '@nestjs/common';
import { describeError } from '../errors/describe-error.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import { ticketRetryDelayMs } from './ticket-backoff.js';
import { TICKET_CACHE_MAX_ENTRIES } from './typing.constants.js';
import { TypingMessages as M } from './typing.messages.js';
import type { StoredTypingTicket, TypingTicketStore } from './typing-ticket.store.js';

/** Fetches a fresh ticket for a user (`getconfig`); throws when there is none. */
export type TypingTicketFetcher = (accountId: string, userId: string) => Promise<string>;

/** What is known about a user's ticket, without the ticket itself. */
export interface TypingTicketInfo {
  /** When the cached ticket was fetched. */
  fetchedAt?: Date;
  /** When the cached ticket stops being used. */
  expiresAt?: Date;
  /** `getconfig` failures in a row. */
  failures: number;
  /** Before this moment typing is skipped for the user (back-off after failures). */
  retryAt?: Date;
}

interface TicketEntry {
  ticket?: StoredTypingTicket;
  /**
   * The ticket replaced a rejected one, or was fetched while the user is in back-off: a rejection
   * means back-off, not another fetch.
   */
  replacement: boolean;
  /** Failures in a row (failed `getconfig`, rejected replacement), until a `sendtyping` succeeds. */
  failures: number;
  retryAt?: number;
}

/**
 * Typing tickets per (account, user): memory first, then the database copy, then `getconfig`.
 * Concurrent requests for one user share one load; a failed or empty `getconfig` puts the user in
 * back-off (2 s doubling to 1 h) during which typing is skipped. A ticket the server rejects is
 * replaced once; if the replacement is rejected too, the user goes into back-off. The failure
 * count survives new tickets and is reset only by a `sendtyping` that succeeds (`confirm`), so a
 * server that keeps refusing tickets meets a growing back-off, not a `getconfig` per keep-alive.
 */
export class TypingTicketCache {
  private readonly logger = new Logger('TypingService');
  private readonly entries = new Map<string, TicketEntry>();
  private readonly loads = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly fetch: TypingTicketFetcher,
    private readonly store: TypingTicketStore,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user's ticket, or `undefined` when typing must be skipped for now. */
  async get(accountId: string, userId: string): Promise<string | undefined> {
    const key = keyOf(accountId, userId);
    const entry = this.entries.get(key);
    if (entry?.ticket && this.isFresh(entry.ticket)) return entry.ticket.ticket;
    const load = this.loads.get(key);
    if (load) return load;
    if (entry?.retryAt !== undefined && entry.retryAt > this.now()) return undefined;
    return this.load(key, accountId, userId);
  }

  /**
   * A new ticket after the server rejected `rejected`, or `undefined` (back-off). Answers the
   * cached ticket when another call already replaced it.
   */
  async replace(accountId: string, userId: string, rejected: string): Promise<string | undefined> {
    const key = keyOf(accountId, userId);
    const load = this.loads.get(key);
    if (load) return load;
    const entry = this.entries.get(key);
    const current = entry?.ticket;
    if (current && current.ticket !== rejected && this.isFresh(current)) return current.ticket;
    await this.store
      .remove(accountId, userId, rejected)
      .catch((err: unknown) => this.logger.warn(M.ticketStoreFailed('delete', describe(err))));
    if (entry && current?.ticket === rejected) {
      entry.ticket = undefined;
      if (entry.replacement) {
        this.fail(key, accountId, userId, 'the replacement ticket was rejected too');
        return undefined;
      }
    }
    this.logger.debug(M.ticketRejected(accountId, userId));
    return this.load(key, accountId, userId, rejected);
  }

  /** Notes that `sendtyping` succeeded with the user's ticket: the back-off starts over. */
  confirm(accountId: string, userId: string): void {
    const entry = this.entries.get(keyOf(accountId, userId));
    if (!entry || entry.failures === 0) return;
    entry.failures = 0;
    entry.replacement = false;
    entry.retryAt = undefined;
  }

  /**
   * Notes that the server rejected `ticket`, a replacement (the answer of `replace`): the ticket
   * is dropped and the user goes into back-off.
   */
  async rejected(accountId: string, userId: string, ticket: string): Promise<void> {
    const key = keyOf(accountId, userId);
    await this.store
      .remove(accountId, userId, ticket)
      .catch((err: unknown) => this.logger.warn(M.ticketStoreFailed('delete', describe(err))));
    const entry = this.entries.get(key);
    if (entry?.ticket && entry.ticket.ticket !== ticket) return;
    this.fail(key, accountId, userId, 'the replacement ticket was rejected too');
  }

  /** What is known about a user's ticket (never the ticket). */
  info(accountId: string, userId: string): TypingTicketInfo {
    const entry = this.entries.get(keyOf(accountId, userId));
    return {
      fetchedAt: entry?.ticket?.fetchedAt,
      expiresAt: entry?.ticket?.expiresAt,
      failures: entry?.failures ?? 0,
      retryAt: entry?.retryAt !== undefined ? new Date(entry.retryAt) : undefined,
    };
  }

  /** Forgets the tickets of an account (it was removed). */
  forgetAccount(accountId: string): void {
    const prefix = keyOf(accountId, '');
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** Forgets every ticket in memory. */
  clear(): void {
    this.entries.clear();
  }

  private load(
    key: string,
    accountId: string,
    userId: string,
    rejected?: string,
  ): Promise<string | undefined> {
    const load = this.loadOnce(key, accountId, userId, rejected).finally(() =>
      this.loads.delete(key),
    );
    this.loads.set(key, load);
    return load;
  }

  private async loadOnce(
    key: string,
    accountId: string,
    userId: string,
    rejected?: string,
  ): Promise<string | undefined> {
    const stored = await this.store.get(accountId, userId).catch((err: unknown) => {
      this.logger.warn(M.ticketStoreFailed('read', describe(err)));
      return null;
    });
    const failures = this.entries.get(key)?.failures ?? 0;
    if (stored && stored.ticket !== rejected) {
      this.remember(key, { ticket: stored, replacement: failures > 0, failures });
      return stored.ticket;
    }
    let ticket: string;
    try {
      ticket = await this.fetch(accountId, userId);
    } catch (err) {
      this.fail(key, accountId, userId, describe(err));
      return undefined;
    }
    const saved = await this.store.save(accountId, userId, ticket).catch((err: unknown) => {
      this.logger.warn(M.ticketStoreFailed('write', describe(err)));
      return null;
    });
    const now = this.now();
    this.remember(key, {
      ticket: saved ?? { ticket, fetchedAt: new Date(now), expiresAt: new Date(now + this.ttlMs) },
      replacement: rejected !== undefined || failures > 0,
      failures,
    });
    return ticket;
  }

  private fail(key: string, accountId: string, userId: string, error: string): void {
    const failures = (this.entries.get(key)?.failures ?? 0) + 1;
    const delay = ticketRetryDelayMs(failures);
    this.remember(key, { replacement: false, failures, retryAt: this.now() + delay });
    this.logger.warn(M.ticketUnavailable(accountId, userId, delay, error));
  }

  private remember(key: string, entry: TicketEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > TICKET_CACHE_MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  private isFresh(ticket: StoredTypingTicket): boolean {
    return ticket.expiresAt.getTime() > this.now();
  }
}

function keyOf(accountId: string, userId: string): string {
  return `${accountId}\u0000${userId}`;
}

function describe(err: unknown): string {
  return redactSecrets(describeError(err));
}
