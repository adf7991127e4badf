import { Readable } from 'node:stream';
import type { WeixinMediaSource } from '../interfaces/media.types.js';

/** A {@link WeixinMediaSource} sorted by how it is read. */
export type ClassifiedSource =
  | { type: 'buffer'; buffer: Buffer }
  | { type: 'path'; path: string }
  | { type: 'url'; url: URL }
  | { type: 'stream'; stream: Readable };

const HTTP_URL = /^https?:\/\//i;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Sorts a source; `undefined` when it is none of the accepted shapes. */
export function classifySource(source: unknown): ClassifiedSource | undefined {
  if (Buffer.isBuffer(source)) return { type: 'buffer', buffer: source };
  if (source instanceof Uint8Array) {
    return {
      type: 'buffer',
      buffer: Buffer.from(source.buffer, source.byteOffset, source.byteLength),
    };
  }
  if (source instanceof Readable) return { type: 'stream', stream: source };
  if (source instanceof URL) return { type: 'url', url: source };
  if (typeof source === 'string') {
    if (source === '') return undefined;
    return HTTP_URL.test(source)
      ? { type: 'url', url: new URL(source) }
      : { type: 'path', path: source };
  }
  if (!isObject(source)) return undefined;
  if (typeof source.path === 'string' && source.path !== '') {
    return { type: 'path', path: source.path };
  }
  if (source.url instanceof URL) return { type: 'url', url: source.url };
  if (typeof source.url === 'string' && HTTP_URL.test(source.url)) {
    return { type: 'url', url: new URL(source.url) };
  }
  if (source.stream instanceof Readable) return { type: 'stream', stream: source.stream };
  return undefined;
}

/** Whether `value` is a {@link WeixinMediaSource}. */
export function isMediaSource(value: unknown): value is WeixinMediaSource {
  try {
    return classifySource(value) !== undefined;
  } catch {
    return false;
  }
}

/** A short description of a source for error texts (never the URL query). */
export function describeSource(source: ClassifiedSource): string {
  switch (source.type) {
    case 'buffer':
      return `a Buffer of ${source.buffer.length} bytes`;
    case 'path':
      return `the file ${source.path}`;
    case 'url':
      return `a URL on host ${source.url.host}`;
    case 'stream':
      return 'a stream';
  }
}
