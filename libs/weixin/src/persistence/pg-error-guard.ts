import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { redactSecrets } from '../errors/redact-secrets.js';
import { WEIXIN_DATA_SOURCE } from '../weixin.constants.js';

/** The part of a `pg` client (or pool) used here: an event emitter. */
interface Emitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  listenerCount(event: string): number;
}

/** The part of a `pg.Pool` used here; `_clients` is pg-pool's list of its open clients. */
interface PgPoolLike extends Emitter {
  _clients?: unknown[];
}

function isEmitter(value: unknown): value is Emitter {
  const e = value as Partial<Emitter> | null;
  return typeof e?.on === 'function' && typeof e.listenerCount === 'function';
}

/**
 * Keeps a dropped Postgres connection from taking the process down. A `pg` client emits
 * `error` when its backend goes away (`pg_terminate_backend`, 57P01, a failover, a reset);
 * pg-pool listens on idle clients only, and TypeORM attaches its listener a few microtasks after
 * it got a client from the pool, so an error in the same read as the connection's first
 * `ReadyForQuery` (or on a client checked out by code without a listener) had no listener and
 * crashed the process. This gives every client of the data source's pools (master and
 * replicas), present and future, a permanent `error` listener, and the pools one when they
 * have none. The queries of a dropped client still fail and are retried by their callers; the
 * pool discards the client when it is released.
 */
@Injectable()
export class PgErrorGuard implements OnApplicationBootstrap {
  private readonly logger = new Logger('WeixinDatabase');
  private readonly guarded = new WeakSet<object>();

  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {
    this.guardPools();
  }

  /** Guards pools created after construction (a data source initialized late). */
  onApplicationBootstrap(): void {
    this.guardPools();
  }

  /** Attaches the listeners to every pool of the data source; safe to call again. */
  guardPools(): void {
    const driver = this.dataSource.driver as { master?: unknown; slaves?: unknown[] };
    for (const pool of [driver.master, ...(driver.slaves ?? [])]) {
      if (isEmitter(pool)) this.guardPool(pool);
    }
  }

  private guardPool(pool: PgPoolLike): void {
    if (this.guarded.has(pool)) return;
    this.guarded.add(pool);
    pool.on('connect', (client: unknown) => this.guardClient(client));
    for (const client of pool._clients ?? []) this.guardClient(client);
    if (pool.listenerCount('error') === 0) {
      pool.on('error', (error: unknown) => this.report('an idle connection', error));
    }
  }

  private guardClient(client: unknown): void {
    if (!isEmitter(client) || this.guarded.has(client)) return;
    this.guarded.add(client);
    client.on('error', (error: unknown) => this.report('a connection', error));
  }

  private report(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    this.logger.debug(
      `${what} to Postgres failed${typeof code === 'string' ? ` (${code})` : ''}: ` +
        redactSecrets(message),
    );
  }
}
