import { setMaxListeners } from 'node:events';
import { MediaStore } from '../cdn/media-store.js';
import { UploadTickets } from '../cdn/upload-tickets.js';
import { FaultQueue } from '../faults/fault-queue.js';
import { PollRegistry } from '../polling/poll-registry.js';
import { QrSessions } from '../qr/qr-sessions.js';
import { type ResolvedSimulatorOptions } from '../options/simulator.options.js';
import { BotRegistry } from './bot-registry.js';
import { CallLog } from './call-log.js';
import { SimClock } from './clock.js';
import { ContextLedger } from './context-ledger.js';
import { InboundLog } from './inbound-log.js';
import { SentLog } from './sent-log.js';
import { SendRateLimiter } from './send-rate-limiter.js';
import { TypingStore } from './typing-store.js';
import { UinHistory } from './uin-history.js';
import { type SimVoiceOut } from '../interfaces/sent.types.js';
import { type FakeClock } from '../fakes/manual-clock.js';
import { TypingFakes } from '../fakes/typing-fakes.js';

/** Addresses of the running simulator. */
export interface SimulatorAddresses {
  /** API base with a trailing slash, e.g. `http://127.0.0.1:8787/`. */
  baseUrl: string;
  /** CDN base without a trailing slash, e.g. `http://127.0.0.1:8787/c2c`. */
  cdnBaseUrl: string;
  /** `host:port` of the second listener (the "other IDC"). */
  redirectHost: string;
}

/** Everything the simulator knows; shared by the HTTP routes and the in-process control. */
export class SimulatorState {
  readonly clock = new SimClock();
  readonly bots = new BotRegistry();
  readonly inbound = new InboundLog();
  readonly contexts = new ContextLedger();
  readonly typing = new TypingStore();
  readonly sent = new SentLog();
  readonly rateLimiter = new SendRateLimiter();
  readonly calls: CallLog;
  readonly polls = new PollRegistry();
  readonly faults = new FaultQueue();
  readonly qr = new QrSessions();
  readonly uploadTickets = new UploadTickets();
  /** Recent `X-WECHAT-UIN` values per token, to refuse a reused one. */
  readonly uins = new UinHistory();
  readonly media: MediaStore;
  /** How native voice items are answered (`setVoiceOut`). */
  voiceOut: SimVoiceOut = 'accept';
  /** Per (bot, user) `session_id` of inbound messages. */
  readonly sessionIds = new Map<string, string>();
  /** Aborted by `close()`: ends every held request. */
  private readonly lifetime = new AbortController();
  addresses: SimulatorAddresses = { baseUrl: '', cdnBaseUrl: '', redirectHost: '' };

  /** The fakes of the other typing APIs (WeChat customer service, NXCloud). */
  readonly fakes: TypingFakes;

  constructor(
    readonly options: ResolvedSimulatorOptions,
    dataDir: string,
    fakeClock?: FakeClock,
  ) {
    this.fakes = new TypingFakes(fakeClock ?? this.clock);
    this.calls = new CallLog(options.callLogSize);
    this.media = new MediaStore(dataDir);
    setMaxListeners(0, this.lifetime.signal);
  }

  /** Aborted when the simulator closes. */
  get closing(): AbortSignal {
    return this.lifetime.signal;
  }

  /** Starts closing: every held request ends. */
  beginClose(): void {
    this.lifetime.abort();
  }

  /** Forgets bots, messages, faults, logs, scripts, uploads; the clock goes back to real time. */
  async reset(): Promise<void> {
    const stores: { clear(): void }[] = [
      this.bots,
      this.inbound,
      this.contexts,
      this.typing,
      this.sent,
      this.rateLimiter,
      this.calls,
      this.faults,
      this.qr,
      this.uploadTickets,
      this.uins,
      this.sessionIds,
    ];
    for (const store of stores) store.clear();
    this.clock.reset();
    this.voiceOut = 'accept';
    this.polls.clearStats();
    this.polls.notifyAll();
    await this.media.clear();
  }
}
