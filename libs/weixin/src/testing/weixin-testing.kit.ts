import type { INestApplicationContext } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  startSimulator,
  type IlinkSimulator,
  type SimBot,
  type SimInboundOptions,
  type SimSent,
} from '../../../ilink-simulator/src/index.js';
import {
  WeixinEvents,
  type WeixinMessageFailedEvent,
  type WeixinMessageHandledEvent,
} from '../weixin.events.js';
import type { WeixinModuleOptions } from '../interfaces/weixin-module-options.interface.js';
import { WeixinTestingError } from './weixin-testing.error.js';
import type { WeixinTestingKitOptions, WeixinTestMessage } from './weixin-testing.types.js';

type Outcome = { handled: WeixinMessageHandledEvent } | { failed: WeixinMessageFailedEvent };

const DEFAULT_TIMEOUT_MS = 10_000;
const POLL_MS = 20;
/** Outcomes kept for messages nobody waits for yet (the app may handle one before `send` returns). */
const MAX_KEPT_OUTCOMES = 10_000;

/**
 * Runs an app's `@OnWeixinMessage` handlers against a local iLink simulator in the app's own
 * tests: start the kit, give `WeixinModule` its {@link WeixinTestingKit.moduleOptions} (or
 * {@link WeixinTestingKit.applyEnv} for `forRoot()` without options), {@link attach} the app,
 * then {@link send} a message (resolves once a handler ran) and read the bot's {@link replies}.
 *
 * ```ts
 * const kit = await WeixinTestingKit.start();
 * const app = await NestFactory.createApplicationContext(AppModule.register(kit.moduleOptions()));
 * kit.attach(app);
 * await kit.send('alice@im.wechat', '/help');
 * expect((await kit.replies('alice@im.wechat', 1))[0].text).toMatch(/Send me anything/);
 * ```
 */
export class WeixinTestingKit {
  private readonly outcomes = new Map<string, Outcome>();
  private readonly waiters = new Map<string, (outcome: Outcome) => void>();
  private detach?: () => void;

  private constructor(
    /** The running simulator (base URLs, control API). */
    readonly simulator: IlinkSimulator,
    /** The bot account the simulator created for the app. */
    readonly bot: SimBot,
    private readonly timeoutMs: number,
  ) {}

  /** Starts a simulator on a free loopback port with one bot. */
  static async start(options: WeixinTestingKitOptions = {}): Promise<WeixinTestingKit> {
    const simulator = await startSimulator({ port: 0, host: '127.0.0.1', ...options.simulator });
    try {
      const bot = await simulator.control.addBot();
      return new WeixinTestingKit(simulator, bot, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    } catch (error) {
      await simulator.close();
      throw error;
    }
  }

  /**
   * `WeixinModule` options that run the kit's bot against the simulator, merged over `extra`
   * (your encryption keys, tuning). Without `extra.encryption` a fixed test key is used.
   */
  moduleOptions(extra: WeixinModuleOptions = {}): WeixinModuleOptions {
    return {
      encryption: { keys: { test: Buffer.alloc(32, 1).toString('base64') }, currentKeyId: 'test' },
      ...extra,
      baseUrl: this.simulator.baseUrl,
      cdnBaseUrl: this.simulator.cdnBaseUrl,
      accounts: [{ id: this.bot.botId, token: this.bot.token }],
    };
  }

  /**
   * Sets `WEIXIN_BASE_URL`, `WEIXIN_CDN_BASE_URL`, `WEIXIN_ACCOUNT_ID`, `WEIXIN_BOT_TOKEN` (and a
   * test `WEIXIN_ENCRYPTION_KEY` when none is set) for an app whose `WeixinModule.forRoot()` reads
   * the environment. Answers a function that restores the previous values.
   */
  applyEnv(env: NodeJS.ProcessEnv = process.env): () => void {
    const values: Record<string, string> = {
      WEIXIN_BASE_URL: this.simulator.baseUrl,
      WEIXIN_CDN_BASE_URL: this.simulator.cdnBaseUrl,
      WEIXIN_ACCOUNT_ID: this.bot.botId,
      WEIXIN_BOT_TOKEN: this.bot.token,
    };
    if (!env.WEIXIN_ENCRYPTION_KEY) {
      values.WEIXIN_ENCRYPTION_KEY = Buffer.alloc(32, 1).toString('base64');
    }
    const previous = Object.fromEntries(Object.keys(values).map((k) => [k, env[k]]));
    Object.assign(env, values);
    return () => {
      for (const [key, value] of Object.entries(previous)) {
        if (value === undefined) delete env[key];
        else env[key] = value;
      }
    };
  }

  /** Follows the app's `weixin.message.handled` and `weixin.message.failed` events. */
  attach(app: INestApplicationContext): void {
    this.detach?.();
    const events = app.get(EventEmitter2);
    const onHandled = (e: WeixinMessageHandledEvent): void => this.settle(e, { handled: e });
    const onFailed = (e: WeixinMessageFailedEvent): void => this.settle(e, { failed: e });
    events.on(WeixinEvents.MessageHandled, onHandled);
    events.on(WeixinEvents.MessageFailed, onFailed);
    this.detach = () => {
      events.off(WeixinEvents.MessageHandled, onHandled);
      events.off(WeixinEvents.MessageFailed, onFailed);
    };
  }

  /**
   * A user writes `text` to the bot. Resolves once the app handled the message; rejects with
   * {@link WeixinTestingError} when it was dead-lettered or not handled within the timeout.
   * Requires {@link attach}.
   */
  async send(from: string, text: string, options?: SimInboundOptions): Promise<WeixinTestMessage> {
    if (!this.detach) {
      throw new WeixinTestingError('call kit.attach(app) before kit.send(): it follows the app');
    }
    const injected = await this.simulator.control.sendText(this.bot.botId, from, text, options);
    const outcome = await this.outcomeOf(injected.messageId);
    if ('failed' in outcome) {
      throw new WeixinTestingError(
        `message ${injected.messageId} from ${from} failed after ${outcome.failed.attempts} attempts: ${outcome.failed.error}`,
      );
    }
    return { messageId: injected.messageId, from, handlers: outcome.handled.handlers };
  }

  /**
   * What the bot sent to `userId` (accepted sends, oldest first), once there are at least `count`
   * of them; rejects with {@link WeixinTestingError} after the timeout.
   */
  async replies(userId: string, count = 1): Promise<SimSent[]> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const sent = (await this.simulator.control.sent(this.bot.botId, userId)).filter(
        (s) => s.accepted,
      );
      if (sent.length >= count) return sent;
      if (Date.now() > deadline) {
        throw new WeixinTestingError(
          `the bot sent ${sent.length} of ${count} expected messages to ${userId} within ${this.timeoutMs} ms`,
        );
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Stops following the app and closes the simulator. */
  async close(): Promise<void> {
    this.detach?.();
    this.detach = undefined;
    await this.simulator.close();
  }

  private settle(event: { messageId: string }, outcome: Outcome): void {
    const waiter = this.waiters.get(event.messageId);
    if (waiter) {
      this.waiters.delete(event.messageId);
      waiter(outcome);
      return;
    }
    if (this.outcomes.size >= MAX_KEPT_OUTCOMES) {
      this.outcomes.delete(this.outcomes.keys().next().value as string);
    }
    this.outcomes.set(event.messageId, outcome);
  }

  private outcomeOf(messageId: string): Promise<Outcome> {
    const known = this.outcomes.get(messageId);
    if (known) {
      this.outcomes.delete(messageId);
      return Promise.resolve(known);
    }
    return new Promise<Outcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(messageId);
        reject(
          new WeixinTestingError(
            `message ${messageId} was not handled within ${this.timeoutMs} ms (is polling on and a handler matching?)`,
          ),
        );
      }, this.timeoutMs);
      this.waiters.set(messageId, (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
    });
  }
}
