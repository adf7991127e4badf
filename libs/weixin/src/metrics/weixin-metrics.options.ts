import type { Registry } from 'prom-client';

/** Options of `WeixinMetricsModule.forRoot()`. */
export interface WeixinMetricsOptions {
  /**
   * Serve the metrics in Prometheus' text format at this path (e.g. `'metrics'`). Without it the
   * module adds no route: serve `WeixinMetricsService.metrics()` yourself.
   * @default none
   */
  path?: string;
  /**
   * The registry the metrics are registered in (e.g. prom-client's global `register`).
   * @default a new `Registry` of this module (`WeixinMetricsService.registry`)
   */
  registry?: Registry;
  /**
   * Prefix of every metric name.
   * @default 'weixin_'
   */
  prefix?: string;
  /**
   * How often the sampled gauges (outbox depth, replies left, typing leases, inbox backlog) are
   * refreshed; a scrape through `WeixinMetricsService.metrics()` also refreshes them when older
   * than one second.
   * @default 15000
   */
  sampleIntervalMs?: number;
  /**
   * Buckets of the handling-time histogram, in seconds.
   * @default [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
   */
  handleBuckets?: number[];
}

/** Injection token of the `WeixinMetricsOptions`. */
export const WEIXIN_METRICS_OPTIONS = Symbol('WEIXIN_METRICS_OPTIONS');
