import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { WEIXIN_DATA_SOURCE } from '../weixin.constants.js';

/** The part of a `pg` pool and client this guard uses. */
interface PgEmitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Gives every `pg` client of the data source's pool an `'error'` listener, so that a connection
 * the server terminates (`57P01` on failover, `pg_terminate_backend`) while the client is checked
 * out but idle is logged instead of ending the process with an unhandled `'error'` event. The
 * query that uses the client next fails and is retried like any database error.
 */
@Injectable()
export class PgClientErrors implements OnModuleInit {
  private readonly logger = new Logger(PgClientErrors.name);
  private readonly onError = (err: unknown): void =>
    this.logger.warn(
      `a database connection failed: ${err instanceof Error ? err.message : String(err)}`,
    );

  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const pool = (this.dataSource.driver as { master?: PgEmitter & { _clients?: PgEmitter[] } })
      .master;
    if (typeof pool?.on !== 'function') return;
    pool.on('connect', (client) => this.guard(client as PgEmitter));
    for (const client of pool._clients ?? []) this.guard(client);
  }

  private guard(client: PgEmitter): void {
    client.on('error', this.onError);
  }
}
