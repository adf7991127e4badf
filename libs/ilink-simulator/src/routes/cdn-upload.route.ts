import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { applyFault } from '../http/apply-fault.js';
import { type RequestContext } from '../http/request-context.js';
import { sendText } from '../http/reply.js';

function refuse(ctx: RequestContext, status: number, message: string): void {
  if (!ctx.req.complete) ctx.req.resume();
  sendText(ctx.res, status, message, { 'x-error-message': message });
}

/** Counts ciphertext bytes; drops bytes beyond `limit` (the size check refuses them at the end). */
class ByteCounter extends Transform {
  count = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const room = this.limit - this.count;
    this.count += chunk.length;
    if (room <= 0) return done();
    done(null, chunk.length > room ? chunk.subarray(0, room) : chunk);
  }
}

/**
 * `POST c2c/upload?encrypted_query_param=…&filekey=…` (protocol §12.4): streams the ciphertext to
 * a file (never buffering it) and answers once it is stored with the size the `getuploadurl`
 * ticket announced: 200 with `x-encrypted-param` (the download parameter). Like a storage front
 * end, the CDN checks the plaintext (padding, `rawsize`, `rawfilemd5`) right after answering, in
 * the background; a `sendmessage` naming an upload waits for that check and is refused when it
 * failed. An `Authorization` header is refused (§12.4: the CDN upload carries no auth). Refusals
 * are HTTP 400 with `x-error-message`.
 */
export async function handleUpload(ctx: RequestContext): Promise<void> {
  const { req, res, state, url } = ctx;
  const ticket = state.uploadTickets.get(url.searchParams.get('encrypted_query_param') ?? '');
  if (await applyFault(ctx, ticket?.botId)) return;
  if (req.method !== 'POST') return refuse(ctx, 405, `method ${req.method ?? ''} not allowed`);
  if (req.headers.authorization !== undefined) {
    return refuse(ctx, 400, 'Authorization must not be sent to the CDN');
  }
  if (!ticket) return refuse(ctx, 400, 'unknown encrypted_query_param');
  if (url.searchParams.get('filekey') !== ticket.filekey) {
    return refuse(ctx, 400, 'filekey does not match the upload parameter');
  }
  const contentType = req.headers['content-type'] ?? '';
  if (!/^application\/octet-stream\s*(;|$)/i.test(contentType)) {
    return refuse(ctx, 400, 'Content-Type must be application/octet-stream');
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) !== ticket.filesize) {
    return refuse(ctx, 400, `body size ${declared} differs from filesize ${ticket.filesize}`);
  }

  const path = state.media.newPath('up');
  const counter = new ByteCounter(ticket.filesize);
  try {
    await pipeline(req, counter, createWriteStream(path, { highWaterMark: 1 << 20 }));
  } catch (error) {
    await rm(path, { force: true });
    if (res.destroyed || ctx.signal.aborted) return;
    const reason = error instanceof Error ? error.message : String(error);
    return refuse(ctx, 400, `upload failed: ${reason}`);
  }
  if (counter.count !== ticket.filesize) {
    await rm(path, { force: true });
    return refuse(ctx, 400, `body size ${counter.count} differs from filesize ${ticket.filesize}`);
  }
  const blob = state.media.addUpload(ticket, path);
  res.writeHead(200, { 'x-encrypted-param': blob.param, 'Content-Length': '0' });
  res.end();
}
