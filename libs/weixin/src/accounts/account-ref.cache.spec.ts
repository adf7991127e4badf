import type { IlinkAccount } from '../client/index.js';
import { AccountRefCache } from './account-ref.cache.js';
import { WeixinUnknownAccountError } from './weixin-unknown-account.error.js';

/** A stored account table the cache reads through, with a gate to hold reads in flight. */
class Source {
  readonly tokens = new Map<string, string>();
  reads = 0;
  /** Every read fails with it while set. */
  failWith: Error | undefined;
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open();
  }
  read = async (accountId: string): Promise<IlinkAccount | undefined> => {
    this.reads += 1;
    const token = this.tokens.get(accountId); // read when the query starts, as the database does
    const fail = this.failWith;
    await this.gate;
    if (fail) throw fail;
    return token === undefined ? undefined : { accountId, token };
  };
}

describe('AccountRefCache', () => {
  let now: number;
  let source: Source;
  let errors: unknown[];
  let cache: AccountRefCache;

  beforeEach(() => {
    now = 1_000_000;
    source = new Source();
    source.tokens.set('bot', 't1');
    errors = [];
    cache = new AccountRefCache(source.read, {
      ttlMs: 10_000,
      refreshAheadMs: 2_000,
      now: () => now,
      onRefreshError: (_id, err) => errors.push(err),
    });
  });

  it('shares one read between concurrent callers, cold and after expiry', async () => {
    source.hold();
    const first = Array.from({ length: 200 }, () => cache.get('bot'));
    source.release();
    for (const ref of await Promise.all(first)) expect(ref.token).toBe('t1');
    expect(source.reads).toBe(1);

    now += 10_001;
    source.tokens.set('bot', 't2');
    source.hold();
    const again = Array.from({ length: 200 }, () => cache.get('bot'));
    source.release();
    for (const ref of await Promise.all(again)) expect(ref.token).toBe('t2');
    expect(source.reads).toBe(2);
  });

  it('reads a reference in use again in the background before it expires', async () => {
    await cache.get('bot');
    now += 7_000; // 3 s left: no refresh yet
    await cache.get('bot');
    expect(source.reads).toBe(1);

    now += 1_500; // 1.5 s left: answered at once, one read started behind it
    source.tokens.set('bot', 't2');
    source.hold();
    const during = await Promise.all([cache.get('bot'), cache.get('bot'), cache.get('bot')]);
    expect(during.map((r) => r.token)).toEqual(['t1', 't1', 't1']);
    expect(source.reads).toBe(2);
    source.release();
    await new Promise((r) => setImmediate(r));

    now += 7_000; // past the first TTL, 3 s left of the refreshed one: no wait, no read
    expect((await cache.get('bot')).token).toBe('t2');
    expect(source.reads).toBe(2);
  });

  it('never uses a reference past its TTL, even when its background read failed', async () => {
    await cache.get('bot');
    now += 8_500;
    source.failWith = new Error('database down');
    expect((await cache.get('bot')).token).toBe('t1');
    await new Promise((r) => setImmediate(r));
    expect(errors).toEqual([new Error('database down')]);
    expect((await cache.get('bot')).token).toBe('t1'); // 1.5 s left: still used, read again
    await new Promise((r) => setImmediate(r));
    expect(source.reads).toBe(3);
    expect(errors).toHaveLength(2);

    now += 1_600; // expired: the caller waits for a read and gets its error
    await expect(cache.get('bot')).rejects.toThrow('database down');
    source.failWith = undefined;
    source.tokens.set('bot', 't3');
    expect((await cache.get('bot')).token).toBe('t3');
  });

  it('does not cache a read that was in flight when the account was forgotten', async () => {
    source.hold();
    const stale = cache.get('bot'); // reads t1
    source.tokens.set('bot', 't2');
    cache.forget('bot'); // e.g. after a QR login renewed the token
    const fresh = cache.get('bot'); // a new read, not the stale one
    source.release();
    expect((await stale).token).toBe('t1');
    expect((await fresh).token).toBe('t2');
    expect((await cache.get('bot')).token).toBe('t2');
    expect(source.reads).toBe(2);
  });

  it('answers unknown accounts with an error, one read for concurrent callers, nothing kept', async () => {
    source.hold();
    const calls = Array.from({ length: 50 }, () => cache.get('nobody'));
    source.release();
    for (const c of calls) await expect(c).rejects.toBeInstanceOf(WeixinUnknownAccountError);
    expect(source.reads).toBe(1);

    source.tokens.set('nobody', 'now-stored');
    expect((await cache.get('nobody')).token).toBe('now-stored');
  });

  it('forgets an account removed meanwhile when its background read finds no row', async () => {
    await cache.get('bot');
    now += 9_000;
    source.tokens.delete('bot');
    expect((await cache.get('bot')).token).toBe('t1'); // still within its TTL
    await new Promise((r) => setImmediate(r));
    expect(errors[0]).toBeInstanceOf(WeixinUnknownAccountError);
    await expect(cache.get('bot')).rejects.toBeInstanceOf(WeixinUnknownAccountError);
  });
});
