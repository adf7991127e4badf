import type { TypingClock } from './typing-clock.interface.js';
import type { WeixinTypingChannelsOptions } from './typing-channels-options.interface.js';

/** "typing…" indicator settings (`TypingService`, `@OnWeixinMessage({ typing: true })`). */
export interface WeixinTypingOptions {
  /**
   * Whether typing indicators are sent at all. `false` makes every typing call a no-op.
   * @default true
   */
  enabled?: boolean;
  /**
   * Interval of the `status: 1` keep-alive while a lease is held (the official client: 5 s).
   * @default 5000
   */
  keepAliveMs?: number;
  /**
   * Longest time one lease holds the indicator when `start()` is given no `durationMs`; then
   * the lease ends as if stopped. Bounds a forgotten `stop()`.
   * @default 120000
   */
  maxDurationMs?: number;
  /**
   * Delay between the first lease and `status: 1`. When every lease ends within it, nothing is
   * sent at all, so fast replies never flash the indicator. `0` shows it at once.
   * @default 0
   */
  graceMs?: number;
  /**
   * How long a `getconfig` typing ticket is used (in memory and, after a restart, from the
   * database) before the next typing start fetches a new one. The sources disagree (10 min to
   * 24 h); the official client refreshes at a random moment within 24 h, i.e. after 12 h on
   * average, so 12 h stays well inside the lifetime the official client relies on. A ticket the
   * server rejects earlier is fetched again once, so a shorter real lifetime costs one extra
   * `getconfig`, not a lost indicator.
   * @default 43200000 (12 h)
   */
  ticketTtlMs?: number;
  /**
   * Typing channels besides iLink (WeChat customer service, WhatsApp through NXCloud), each
   * named and with its credentials; chosen per call with `start({ channel, userId })`.
   */
  channels?: WeixinTypingChannelsOptions;
  /**
   * The clock of indicators and channels. Only for tests: a `ManualClock` of
   * `nestjs-weixin/testing` shared with the fakes. @default the system clock
   */
  clock?: TypingClock;
}
