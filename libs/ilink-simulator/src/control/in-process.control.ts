import { buildMediaItem, type InboundMediaKind } from '../inbound/media-items.js';
import { injectMessage, redeliverMessage } from '../inbound/inbound-injector.js';
import { toSimBot } from '../state/bot-registry.js';
import { CONTEXT_QUOTA } from '../state/context-ledger.js';
import { type SimulatorState } from '../state/simulator-state.js';
import { type SimBot } from '../interfaces/bot.types.js';
import { type SimCall } from '../interfaces/call.types.js';
import { type SimFault } from '../interfaces/fault.types.js';
import {
  type SimInboundOptions,
  type SimInjected,
  type SimMediaOptions,
} from '../interfaces/inbound.types.js';
import { type SimQrScript } from '../interfaces/qr-script.types.js';
import { type SimQuota, type SimSent, type SimVoiceOut } from '../interfaces/sent.types.js';
import { type SimulatorControl } from '../interfaces/simulator-control.types.js';
import { type SimTyping } from '../interfaces/typing.types.js';
import { type SimUpload } from '../interfaces/upload.types.js';

const VOICE_OUT_MODES: readonly SimVoiceOut[] = ['accept', 'refuse', 'drop'];

/** `SimulatorControl` acting directly on the simulator's state (same process). */
export class InProcessControl implements SimulatorControl {
  constructor(private readonly state: SimulatorState) {}

  async addBot(opts: Partial<SimBot> = {}): Promise<SimBot> {
    const bot = this.state.bots.add(opts);
    this.state.polls.notify(bot.botId);
    return toSimBot(bot);
  }

  async expireSession(botId: string): Promise<void> {
    this.state.bots.expire(botId);
    this.state.polls.notify(botId);
  }

  async sendText(
    botId: string,
    fromUserId: string,
    text: string,
    opts?: SimInboundOptions,
  ): Promise<SimInjected> {
    if (typeof text !== 'string') throw new Error('text must be a string');
    return injectMessage(this.state, botId, fromUserId, { type: 1, text_item: { text } }, opts);
  }

  sendImage(botId: string, fromUserId: string, bytes: Buffer, opts?: SimMediaOptions) {
    return this.sendMedia('image', botId, fromUserId, bytes, opts);
  }

  sendFile(botId: string, fromUserId: string, bytes: Buffer, opts?: SimMediaOptions) {
    return this.sendMedia('file', botId, fromUserId, bytes, opts);
  }

  sendVoice(botId: string, fromUserId: string, bytes: Buffer, opts?: SimMediaOptions) {
    return this.sendMedia('voice', botId, fromUserId, bytes, opts);
  }

  sendVideo(botId: string, fromUserId: string, bytes: Buffer, opts?: SimMediaOptions) {
    return this.sendMedia('video', botId, fromUserId, bytes, opts);
  }

  async redeliver(
    botId: string,
    messageId: string,
    opts: { newId?: boolean } = {},
  ): Promise<SimInjected> {
    return redeliverMessage(this.state, botId, messageId, opts.newId === true);
  }

  async sent(botId: string, userId?: string): Promise<SimSent[]> {
    return this.state.sent.list(botId, userId).map((sent) => structuredClone(sent));
  }

  async quota(botId: string, userId: string): Promise<SimQuota> {
    const context = this.state.contexts.latest(botId, userId);
    if (!context) return { accepted: 0, progress: 0, left: 0 };
    return {
      contextToken: context.token,
      accepted: context.accepted,
      progress: context.progress,
      left: Math.max(0, CONTEXT_QUOTA - context.accepted),
    };
  }

  async typing(botId: string, userId: string): Promise<SimTyping> {
    const { state } = this;
    return state.typing.snapshot(botId, userId, state.clock.now(), state.options.typingIndicatorMs);
  }

  async uploads(botId: string): Promise<SimUpload[]> {
    return this.state.media.uploads(botId);
  }

  readUpload(filekey: string): Promise<Buffer> {
    return this.state.media.readUpload(filekey);
  }

  async pollers(botId: string): Promise<{ active: number; maxConcurrent: number; total: number }> {
    return this.state.polls.snapshot(botId);
  }

  async calls(endpoint?: string): Promise<SimCall[]> {
    return this.state.calls.list(endpoint).map((call) => structuredClone(call));
  }

  async fault(fault: SimFault): Promise<void> {
    this.state.faults.add(fault);
  }

  async clearFaults(): Promise<void> {
    this.state.faults.clear();
  }

  async scriptQrLogin(script: SimQrScript): Promise<void> {
    this.state.qr.enqueue(script);
  }

  async setVoiceOut(mode: SimVoiceOut): Promise<void> {
    if (!VOICE_OUT_MODES.includes(mode)) {
      throw new Error(`setVoiceOut: mode must be one of ${VOICE_OUT_MODES.join(', ')}`);
    }
    this.state.voiceOut = mode;
  }

  async advanceClock(ms: number): Promise<void> {
    this.state.clock.advance(ms);
  }

  async now(): Promise<number> {
    return this.state.clock.now();
  }

  reset(): Promise<void> {
    return this.state.reset();
  }

  private async sendMedia(
    kind: InboundMediaKind,
    botId: string,
    fromUserId: string,
    bytes: Buffer,
    opts: SimMediaOptions = {},
  ): Promise<SimInjected> {
    const item = await buildMediaItem(this.state, botId, kind, bytes, opts);
    return injectMessage(this.state, botId, fromUserId, item, opts);
  }
}
