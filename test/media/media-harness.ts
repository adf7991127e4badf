import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, type INestApplicationContext } from '@nestjs/common';
import { startSimulator, type IlinkSimulator, type SimBot } from 'nestjs-weixin/testing';
import {
  IlinkClient,
  OnWeixinMessage,
  type WeixinMediaOptions,
  type WeixinMessageContext,
} from 'nestjs-weixin';
import { MediaService } from 'nestjs-weixin';
import { startSimApp } from '../support/e2e-boot.js';
import { createTestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

/** Every message the app's handler received, by message id. */
export const received = new Map<string, WeixinMessageContext>();

/** Replies of the handler, by the text that asks for them. */
export const replies = new Map<string, unknown>();

@Injectable()
export class CapturingHandler {
  @OnWeixinMessage()
  capture(ctx: WeixinMessageContext): unknown {
    received.set(ctx.messageId, ctx);
    return replies.get(ctx.text);
  }
}

/** A simulator, an app on real Postgres with the Weixin module, and one bot it polls. */
export interface MediaHarness {
  sim: IlinkSimulator;
  app: INestApplicationContext;
  media: MediaService;
  client: IlinkClient;
  bot: SimBot;
  /** The folder of `WeixinMediaOptions.tempDir`. */
  tempDir: string;
  /** Files left in `tempDir`. */
  leftovers(): Promise<string[]>;
  /** The context the handler got for an injected message. */
  receivedContext(messageId: string): Promise<WeixinMessageContext>;
  close(): Promise<void>;
}

export async function startMediaHarness(
  database: string,
  media: WeixinMediaOptions = {},
): Promise<MediaHarness> {
  const sim = await startSimulator({ port: 0, longPollTimeoutMs: 1_000 });
  const bot = await sim.control.addBot();
  const tempDir = await mkdtemp(join(tmpdir(), 'weixin-media-e2e-'));
  const url = await createTestDatabase(database);
  const app = await startSimApp(sim, [bot], url, [CapturingHandler], {
    dispatch: { retryDelayMs: 20 },
    media: { tempDir, ...media },
  });
  return {
    sim,
    app,
    media: app.get(MediaService),
    client: app.get(IlinkClient),
    bot,
    tempDir,
    leftovers: () => readdir(tempDir),
    receivedContext: (messageId) =>
      waitFor(() => received.get(messageId), `message ${messageId} handled`),
    async close() {
      await app.close();
      await sim.close();
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}

/** Bytes that start like a PNG file. */
export function pngBytes(size: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7) & 0xff;
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
}

/** Bytes that start like an MP4 file. */
export function mp4Bytes(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x42);
  Buffer.from([0, 0, 0, 0x20]).copy(bytes);
  bytes.write('ftypisom', 4, 'latin1');
  return bytes;
}

/** Bytes that start like a PDF file. */
export function pdfBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x61);
  bytes.write('%PDF-1.7\n', 0, 'latin1');
  return bytes;
}
