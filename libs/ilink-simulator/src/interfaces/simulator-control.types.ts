/**
 * The simulator's control surface: what tests, benchmarks and the demo use to play the WeChat
 * side. `SimulatorControl` is implemented twice with the same semantics: in-process (the object
 * `startSimulator()` answers) and over HTTP (`SimulatorControlClient`, for other processes).
 * Every id here is a string; message ids are uint64 decimal strings, often above 2^53.
 */
import { type SimBot } from './bot.types.js';
import { type SimCall } from './call.types.js';
import { type SimFault } from './fault.types.js';
import { type SimInboundOptions, type SimInjected, type SimMediaOptions } from './inbound.types.js';
import { type SimQrScript } from './qr-script.types.js';
import { type SimQuota, type SimSent, type SimVoiceOut } from './sent.types.js';
import { type SimTyping } from './typing.types.js';
import { type SimUpload } from './upload.types.js';

/** Everything a test can do to and read from the simulator. */
export interface SimulatorControl {
  addBot(opts?: Partial<SimBot>): Promise<SimBot>;
  /**
   * Invalidate the bot's session: every later call with its token answers -14 (held long polls
   * too). `addBot({ botId })` or a QR login renewing the bot issues a new, valid token.
   */
  expireSession(botId: string): Promise<void>;

  sendText(
    botId: string,
    fromUserId: string,
    text: string,
    opts?: SimInboundOptions,
  ): Promise<SimInjected>;
  sendImage(
    botId: string,
    fromUserId: string,
    bytes: Buffer,
    opts?: SimMediaOptions,
  ): Promise<SimInjected>;
  sendFile(
    botId: string,
    fromUserId: string,
    bytes: Buffer,
    opts?: SimMediaOptions,
  ): Promise<SimInjected>;
  sendVoice(
    botId: string,
    fromUserId: string,
    bytes: Buffer,
    opts?: SimMediaOptions,
  ): Promise<SimInjected>;
  sendVideo(
    botId: string,
    fromUserId: string,
    bytes: Buffer,
    opts?: SimMediaOptions,
  ): Promise<SimInjected>;
  /**
   * Deliver a message already delivered again: same id, or (`newId`) a new id with the same
   * sender, `create_time_ms` and content.
   */
  redeliver(botId: string, messageId: string, opts?: { newId?: boolean }): Promise<SimInjected>;

  sent(botId: string, userId?: string): Promise<SimSent[]>;
  /** The reply quota of the user's latest context token as the server counts it. */
  quota(botId: string, userId: string): Promise<SimQuota>;
  typing(botId: string, userId: string): Promise<SimTyping>;
  uploads(botId: string): Promise<SimUpload[]>;
  /** The decrypted bytes of one upload (stored on disk, not in memory). */
  readUpload(filekey: string): Promise<Buffer>;
  /** Long polls (`getupdates`) of a bot open now, and the most ever open at once. */
  pollers(botId: string): Promise<{ active: number; maxConcurrent: number; total: number }>;
  calls(endpoint?: string): Promise<SimCall[]>;

  fault(fault: SimFault): Promise<void>;
  clearFaults(): Promise<void>;

  /**
   * Script the next QR login(s); answers nothing, the login is driven by the client's polls. Each
   * `get_bot_qrcode` takes the next queued script (first in, first out); with none queued, a QR
   * follows `['wait', 'scaned', 'confirmed']`.
   */
  scriptQrLogin(script: SimQrScript): Promise<void>;

  /** How the server answers native voice items from now on (default `accept`). */
  setVoiceOut(mode: SimVoiceOut): Promise<void>;

  /** Move the simulator clock forward (context-token windows, message times). */
  advanceClock(ms: number): Promise<void>;
  now(): Promise<number>;

  /** Forget all bots, messages, faults, logs, QR scripts and uploads; the clock returns to real time. */
  reset(): Promise<void>;
}
