import { Agent, type Dispatcher } from 'undici';
import { ILINK_CLIENT_DEFAULTS as D } from './ilink-client.defaults.js';
import type { IlinkConnectionPoolOptions } from './ilink-client.options.js';

/**
 * The client's own keep-alive connection pool: no per-call header or body timeout (each call has
 * its own deadline), sizes from `pool` or the defaults.
 */
export function createIlinkPool(pool: IlinkConnectionPoolOptions = {}): Dispatcher {
  return new Agent({
    connections: pool.connections ?? D.pool.connections,
    pipelining: pool.pipelining ?? D.pool.pipelining,
    keepAliveTimeout: pool.keepAliveTimeoutMs ?? D.pool.keepAliveTimeoutMs,
    keepAliveMaxTimeout: pool.keepAliveMaxTimeoutMs ?? D.pool.keepAliveMaxTimeoutMs,
    connect: { timeout: pool.connectTimeoutMs ?? D.pool.connectTimeoutMs },
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}
