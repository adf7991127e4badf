import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestStream, type Digest } from './digest.stream.js';

/** A temporary file holding a spooled stream. */
export interface SpooledFile extends Digest {
  path: string;
  /** Removes the file; safe to call more than once. */
  dispose(): Promise<void>;
}

/** A new, unused path in `dir` for a temporary media file. */
export function tempMediaPath(dir: string, extension = 'tmp'): string {
  return join(dir, `weixin-media-${randomBytes(8).toString('hex')}.${extension}`);
}

/**
 * Writes a stream of unknown length to a new temporary file (mode 0600) in `dir`, computing its
 * MD5 and size on the way, and stops as soon as more than `maxBytes` arrive. The file is removed
 * on failure; on success the caller disposes of it.
 */
export async function spoolToTempFile(
  source: Readable,
  dir: string,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<SpooledFile> {
  const path = tempMediaPath(dir);
  const digest = new DigestStream(maxBytes);
  const dispose = () => rm(path, { force: true });
  try {
    await pipeline(source, digest, createWriteStream(path, { flags: 'wx', mode: 0o600 }), {
      signal,
    });
  } catch (error) {
    source.destroy();
    await dispose();
    throw error;
  }
  return { ...digest.digest(), path, dispose };
}
