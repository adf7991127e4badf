import type { SimulatorOptions } from '../../../ilink-simulator/src/index.js';

/** Options of {@link WeixinTestingKit.start}. */
export interface WeixinTestingKitOptions {
  /**
   * Options of the simulator the kit starts.
   * @default `{ port: 0, host: '127.0.0.1' }` (a free port on loopback)
   */
  simulator?: SimulatorOptions;
  /**
   * How long `send()` waits for the message to be handled and `replies()` for the bot's messages.
   * @default 10000
   */
  timeoutMs?: number;
}

/** A message the kit injected and the app handled. */
export interface WeixinTestMessage {
  /** The message id the simulator gave it (uint64 as text). */
  messageId: string;
  /** The sender's user id. */
  from: string;
  /** The handlers that ran (`Class#method`). */
  handlers: string[];
}
