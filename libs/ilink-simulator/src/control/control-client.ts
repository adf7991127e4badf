import { decodeControlValue, encodeControlValue, type ControlMethod } from './control-rpc.js';
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

/**
 * `SimulatorControl` over HTTP, for processes other than the simulator's: each method is a
 * `POST <baseUrl>_control/<method>` with `{"args": [...]}` (bytes as `{"$base64": "…"}`).
 */
export class SimulatorControlClient implements SimulatorControl {
  private readonly base: string;

  /** @param baseUrl the simulator base URL, e.g. `http://127.0.0.1:8787/`. */
  constructor(baseUrl: string) {
    this.base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  }

  addBot(opts?: Partial<SimBot>): Promise<SimBot> {
    return this.call('addBot', [opts]);
  }

  expireSession(botId: string): Promise<void> {
    return this.call('expireSession', [botId]);
  }

  sendText(
    botId: string,
    fromUserId: string,
    text: string,
    opts?: SimInboundOptions,
  ): Promise<SimInjected> {
    return this.call('sendText', [botId, fromUserId, text, opts]);
  }

  sendImage(botId: string, fromUserId: string, bytes: Buffer, opts?: SimMediaOptions) {
    return this.call<SimInjected>('sendImage', [botId, fromUserId, bytes, opts]);
  }

  sendFile(botId: string, fromUserId: string, bytes: Buffer, opts?: SimMediaOptions) {
    return this.call<SimInjected>('sendFile', [botId, fromUserId, bytes, opts]);
  }

  sendVoice(botId: string, fromUserId: string, bytes: Buffer, opts?: SimMediaOptions) {
    return this.call<SimInjected>('sendVoice', [botId, fromUserId, bytes, opts]);
  }

  sendVideo(botId: string, fromUserId: string, bytes: Buffer, opts?: SimMediaOptions) {
    return this.call<SimInjected>('sendVideo', [botId, fromUserId, bytes, opts]);
  }

  redeliver(botId: string, messageId: string, opts?: { newId?: boolean }): Promise<SimInjected> {
    return this.call('redeliver', [botId, messageId, opts]);
  }

  sent(botId: string, userId?: string): Promise<SimSent[]> {
    return this.call('sent', [botId, userId]);
  }

  quota(botId: string, userId: string): Promise<SimQuota> {
    return this.call('quota', [botId, userId]);
  }

  typing(botId: string, userId: string): Promise<SimTyping> {
    return this.call('typing', [botId, userId]);
  }

  uploads(botId: string): Promise<SimUpload[]> {
    return this.call('uploads', [botId]);
  }

  readUpload(filekey: string): Promise<Buffer> {
    return this.call('readUpload', [filekey]);
  }

  pollers(botId: string): Promise<{ active: number; maxConcurrent: number; total: number }> {
    return this.call('pollers', [botId]);
  }

  calls(endpoint?: string): Promise<SimCall[]> {
    return this.call('calls', [endpoint]);
  }

  fault(fault: SimFault): Promise<void> {
    return this.call('fault', [fault]);
  }

  clearFaults(): Promise<void> {
    return this.call('clearFaults', []);
  }

  scriptQrLogin(script: SimQrScript): Promise<void> {
    return this.call('scriptQrLogin', [script]);
  }

  setVoiceOut(mode: SimVoiceOut): Promise<void> {
    return this.call('setVoiceOut', [mode]);
  }

  advanceClock(ms: number): Promise<void> {
    return this.call('advanceClock', [ms]);
  }

  now(): Promise<number> {
    return this.call('now', []);
  }

  reset(): Promise<void> {
    return this.call('reset', []);
  }

  private async call<T>(method: ControlMethod, args: unknown[]): Promise<T> {
    const response = await fetch(`${this.base}_control/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ args: args.map((arg) => encodeControlValue(arg ?? null)) }),
    });
    const text = await response.text();
    let body: { result?: unknown; error?: string };
    try {
      body = JSON.parse(text) as { result?: unknown; error?: string };
    } catch {
      throw new Error(`simulator control ${method}: HTTP ${response.status} ${text.slice(0, 200)}`);
    }
    if (!response.ok) {
      throw new Error(`simulator control ${method}: ${body.error ?? `HTTP ${response.status}`}`);
    }
    return (body.result === null ? undefined : decodeControlValue(body.result)) as T;
  }
}
