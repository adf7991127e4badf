import { createDecipheriv, createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { applyFault } from '../faults/apply-fault.js';
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

/** Hashes and counts plaintext passing through. */
class PlainTap extends Transform {
  readonly md5 = createHash('md5');
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.md5.update(chunk);
    this.size += chunk.length;
    done(null, chunk);
  }
}

function decryptFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/wrong final block length/i.test(text)) return 'ciphertext length is not a multiple of 16';
  if (/bad decrypt/i.test(text)) return 'decryption failed: bad PKCS#7 padding (wrong key?)';
  return `upload failed: ${text}`;
}

/**
 * `POST c2c/upload?encrypted_query_param=…&filekey=…` (protocol §12.4): streams the body through
 * AES-128-ECB decryption and MD5 into a file (never buffering it), then checks ciphertext size,
 * plaintext size and MD5 against the `getuploadurl` ticket. An `Authorization` header is refused
 * (§12.4: the CDN upload carries no auth). Refusals are HTTP 400 with
 * `x-error-message`; success is 200 with `x-encrypted-param` (the download parameter).
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
  const tap = new PlainTap();
  try {
    await pipeline(
      req,
      counter,
      createDecipheriv('aes-128-ecb', ticket.key, null),
      tap,
      createWriteStream(path, { highWaterMark: 1 << 20 }),
    );
  } catch (error) {
    await rm(path, { force: true });
    if (res.destroyed || ctx.signal.aborted) return;
    return refuse(
      ctx,
      400,
      counter.count !== ticket.filesize
        ? `body size ${counter.count} differs from filesize ${ticket.filesize}`
        : decryptFailure(error),
    );
  }
  const md5 = tap.md5.digest('hex');
  const mismatch =
    counter.count !== ticket.filesize
      ? `body size ${counter.count} differs from filesize ${ticket.filesize}`
      : tap.size !== ticket.rawsize
        ? `plaintext size ${tap.size} differs from rawsize ${ticket.rawsize}`
        : md5 !== ticket.rawfilemd5
          ? `plaintext md5 ${md5} differs from rawfilemd5 ${ticket.rawfilemd5}`
          : undefined;
  if (mismatch) {
    await rm(path, { force: true });
    return refuse(ctx, 400, mismatch);
  }
  const blob = state.media.addUpload(
    {
      filekey: ticket.filekey,
      toUserId: ticket.toUserId,
      mediaType: ticket.mediaType,
      rawsize: ticket.rawsize,
      rawfilemd5: ticket.rawfilemd5,
      size: tap.size,
      plaintextMd5: md5,
    },
    ticket.botId,
    path,
    ticket.key,
  );
  res.writeHead(200, { 'x-encrypted-param': blob.param, 'Content-Length': '0' });
  res.end();
}
