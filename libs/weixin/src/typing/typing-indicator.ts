import type { TypingClock, TypingTimer } from '../interfaces/typing-clock.interface.js';
import { SYSTEM_TYPING_CLOCK } from './typing-clock.js';
import type { IndicatorLease } from './typing-lease.js';

/**
 * Where a user's indicator is: `idle` (no lease), `grace` (leased, status 1 not sent yet),
 * `typing` (shown and kept alive), `paused` (leased, but cancelled by a reply; shown again at the
 * next keep-alive tick).
 */
export type TypingPhase = 'idle' | 'grace' | 'typing' | 'paused';

/** A call the indicator asks its channel for. */
export type TypingAction = 'start' | 'keepAlive' | 'stop';

/** What a `TypingIndicator` is driven by. */
export interface TypingIndicatorHooks {
  /** Performs one channel call; must not reject. */
  send(action: TypingAction): Promise<void>;
  /** The indicator has no lease and no call in flight: it may be forgotten. */
  onIdle(): void;
}

/**
 * The state machine of one (account, user) indicator: status 1 once when the first lease starts
 * (after the grace delay), a keep-alive every `keepAliveMs` while any lease is held, status 2 when
 * the last lease ends. Channel calls run one at a time in order, so a cancel never overtakes the
 * start it cancels.
 */
export class TypingIndicator {
  private readonly leases = new Set<IndicatorLease>();
  private current: TypingPhase = 'idle';
  private graceTimer?: TypingTimer;
  private graceDue = 0;
  private keepAliveTimer?: TypingTimer;
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private firstLeaseAt?: Date;
  private lastCallAt?: Date;

  constructor(
    private readonly keepAliveMs: number,
    private readonly hooks: TypingIndicatorHooks,
    private readonly clock: TypingClock = SYSTEM_TYPING_CLOCK,
  ) {}

  /** The current phase. */
  get phase(): TypingPhase {
    return this.current;
  }

  /** Leases held. */
  get leaseCount(): number {
    return this.leases.size;
  }

  /** When the first of the held leases started. */
  get since(): Date | undefined {
    return this.firstLeaseAt;
  }

  /** When the last channel call started. */
  get lastSentAt(): Date | undefined {
    return this.lastCallAt;
  }

  /** Pending timers (grace, keep-alive, lease durations). */
  get timerCount(): number {
    let n = (this.graceTimer ? 1 : 0) + (this.keepAliveTimer ? 1 : 0);
    for (const lease of this.leases) if (lease.hasTimer) n++;
    return n;
  }

  /** Channel calls queued or running. */
  get pendingCalls(): number {
    return this.inFlight;
  }

  /** Whether nothing is held or in flight. */
  get idle(): boolean {
    return this.leases.size === 0 && this.inFlight === 0;
  }

  /** Adds a lease; shows the indicator after `graceMs` unless it is shown or due sooner. */
  add(lease: IndicatorLease, graceMs: number): void {
    this.leases.add(lease);
    if (this.leases.size === 1) this.firstLeaseAt = new Date(this.clock.now());
    switch (this.current) {
      case 'idle':
        if (graceMs <= 0) this.show();
        else this.scheduleGrace(graceMs);
        return;
      case 'grace':
        if (graceMs <= 0) this.show();
        else if (this.clock.now() + graceMs < this.graceDue) this.scheduleGrace(graceMs);
        return;
      case 'paused':
        this.show();
        return;
      case 'typing':
        return;
    }
  }

  /** Removes an ended lease; after the last one, cancels and answers when the cancel is sent. */
  remove(lease: IndicatorLease): Promise<void> {
    if (!this.leases.delete(lease)) return this.chain;
    if (this.leases.size > 0) return Promise.resolve();
    this.clearTimers();
    this.firstLeaseAt = undefined;
    const shown = this.current === 'typing';
    this.current = 'idle';
    if (shown) return this.enqueue('stop');
    this.notifyIfIdle();
    return this.chain;
  }

  /** A reply reached the user: cancels a shown indicator; a held lease shows it again at the next tick. */
  cancelShown(): Promise<void> {
    if (this.current !== 'typing') return Promise.resolve();
    this.current = 'paused';
    return this.enqueue('stop');
  }

  /** Ends every lease (cancel sent once). Answers when every queued call finished. */
  async endAll(): Promise<void> {
    await Promise.all([...this.leases].map((lease) => lease.stop()));
    await this.chain;
  }

  private show(): void {
    this.clearGrace();
    this.current = 'typing';
    void this.enqueue('start');
    if (!this.keepAliveTimer) this.scheduleTick();
  }

  private scheduleTick(): void {
    this.keepAliveTimer = this.clock.setTimeout(() => {
      this.scheduleTick();
      this.tick();
    }, this.keepAliveMs);
  }

  private tick(): void {
    if (this.inFlight > 0) return;
    if (this.current === 'typing') void this.enqueue('keepAlive');
    else if (this.current === 'paused') {
      this.current = 'typing';
      void this.enqueue('start');
    }
  }

  private scheduleGrace(graceMs: number): void {
    this.clearGrace();
    this.current = 'grace';
    this.graceDue = this.clock.now() + graceMs;
    this.graceTimer = this.clock.setTimeout(() => this.show(), graceMs);
  }

  private clearGrace(): void {
    this.graceTimer?.cancel();
    this.graceTimer = undefined;
  }

  private clearTimers(): void {
    this.clearGrace();
    this.keepAliveTimer?.cancel();
    this.keepAliveTimer = undefined;
  }

  private enqueue(action: TypingAction): Promise<void> {
    this.inFlight++;
    const call = this.chain
      .then(() => {
        this.lastCallAt = new Date(this.clock.now());
        return this.hooks.send(action);
      })
      .catch(() => undefined)
      .finally(() => {
        this.inFlight--;
        this.notifyIfIdle();
      });
    this.chain = call;
    return call;
  }

  private notifyIfIdle(): void {
    if (this.idle && this.current === 'idle') this.hooks.onIdle();
  }
}
