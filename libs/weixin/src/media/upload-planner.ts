import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { WeixinMediaTooLargeError } from '../client/errors/weixin-media-too-large.error.js';
import { DigestStream } from './digest.stream.js';
import { spoolToTempFile } from './media-spool.js';
import { describeSource, type ClassifiedSource } from './media-source.js';
import { MediaMessages } from './media.messages.js';
import { SNIFF_BYTES } from './mime-sniffer.js';
import { uploadTooLarge } from './upload-too-large.js';
import { fetchUrlSource } from './url-source.js';
import { WeixinMediaSourceError } from './weixin-media-source.error.js';

/** Chunk size of file reads and in-memory slices. */
const CHUNK_BYTES = 1 << 20;

/** Everything `getuploadurl` needs before the body, and a way to read the body. */
export interface UploadPlan {
  /** Plaintext size in bytes. */
  size: number;
  /** Lowercase hex MD5 of the plaintext. */
  md5: string;
  /** First bytes, for MIME detection. */
  head: Buffer;
  /** Base name of the source file or URL, when it has one. */
  fileName?: string;
  /** Opens the plaintext from its start; called once per upload attempt. */
  open(): Readable;
  /** Removes the temporary file of a spooled source; safe to call more than once. */
  dispose(): Promise<void>;
}

/** Limits and places {@link planUpload} works with. */
export interface UploadPlanSettings {
  maxBytes: number;
  tempDir: string;
  allowedSourceHosts: readonly string[];
  sourceTimeoutMs: number;
  signal?: AbortSignal;
}

const noop = async (): Promise<void> => undefined;

function sliced(buffer: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < buffer.length; at += CHUNK_BYTES) {
        yield buffer.subarray(at, at + CHUNK_BYTES);
      }
    })(),
    { objectMode: false },
  );
}

function planBuffer(buffer: Buffer, maxBytes: number): UploadPlan {
  if (buffer.length > maxBytes) throw uploadTooLarge(buffer.length, maxBytes);
  return {
    size: buffer.length,
    md5: createHash('md5').update(buffer).digest('hex'),
    head: buffer.subarray(0, SNIFF_BYTES),
    open: () => sliced(buffer),
    dispose: noop,
  };
}

/** Hashes a file in one streaming pass; the body is then read again for the upload. */
async function planFile(
  path: string,
  settings: UploadPlanSettings,
  dispose: () => Promise<void>,
  fileName: string | undefined,
): Promise<UploadPlan> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WeixinMediaSourceError(
      MediaMessages.sourceUnreadable(`the file ${path}`, reason),
      error,
    );
  }
  if (size > settings.maxBytes) throw uploadTooLarge(size, settings.maxBytes);
  const digest = new DigestStream(settings.maxBytes);
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES, signal: settings.signal });
  for await (const chunk of file) digest.update(chunk as Buffer);
  const { md5, head, size: hashed } = digest.digest();
  return {
    size: hashed,
    md5,
    head,
    fileName,
    open: () =>
      hashed === 0
        ? Readable.from([])
        : createReadStream(path, { highWaterMark: CHUNK_BYTES, start: 0, end: hashed - 1 }),
    dispose,
  };
}

/** Spools a stream, then plans the temporary file; the file is removed by `dispose()`. */
async function planStream(
  stream: Readable,
  settings: UploadPlanSettings,
  fileName: string | undefined,
): Promise<UploadPlan> {
  const spooled = await spoolToTempFile(
    stream,
    settings.tempDir,
    settings.maxBytes,
    settings.signal,
  );
  return {
    size: spooled.size,
    md5: spooled.md5,
    head: spooled.head,
    fileName,
    open: () =>
      spooled.size === 0
        ? Readable.from([])
        : createReadStream(spooled.path, { highWaterMark: CHUNK_BYTES }),
    dispose: spooled.dispose,
  };
}

/**
 * Reads what an upload needs before its body (size, MD5, first bytes) with constant memory: a
 * Buffer is hashed as is, a file in one streaming pass, a stream or URL is spooled to a
 * temporary file on the way. Sizes above `maxBytes` fail before (or while) reading; an empty
 * source (0 bytes) is refused, since there is nothing to send.
 *
 * @throws WeixinMediaSourceError when the source cannot be read or is empty
 * @throws WeixinMediaTooLargeError above `maxBytes`
 */
export async function planUpload(
  source: ClassifiedSource,
  settings: UploadPlanSettings,
): Promise<UploadPlan> {
  const plan = await planSource(source, settings);
  if (plan.size === 0) {
    await plan.dispose();
    throw new WeixinMediaSourceError(MediaMessages.sourceEmpty(describeSource(source)));
  }
  return plan;
}

async function planSource(
  source: ClassifiedSource,
  settings: UploadPlanSettings,
): Promise<UploadPlan> {
  switch (source.type) {
    case 'buffer':
      return planBuffer(source.buffer, settings.maxBytes);
    case 'path':
      return planFile(source.path, settings, noop, basename(source.path));
    case 'stream':
      return planStream(source.stream, settings, undefined);
    case 'url': {
      const fetched = await fetchUrlSource(source.url, {
        allowedHosts: settings.allowedSourceHosts,
        maxBytes: settings.maxBytes,
        timeoutMs: settings.sourceTimeoutMs,
        signal: settings.signal,
      });
      try {
        return await planStream(fetched.body, settings, fetched.fileName);
      } catch (error) {
        if (error instanceof WeixinMediaSourceError) throw error;
        if (error instanceof WeixinMediaTooLargeError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new WeixinMediaSourceError(
          MediaMessages.sourceUnreadable(describeSource(source), reason),
          error,
        );
      }
    }
  }
}
