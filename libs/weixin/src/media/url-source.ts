import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { request } from 'undici';
import { HostAllowList } from '../client/host-allow-list.js';
import { MediaMessages } from './media.messages.js';
import { uploadTooLarge } from './upload-too-large.js';
import { WeixinMediaSourceError } from './weixin-media-source.error.js';

/** An opened URL source. */
export interface FetchedSource {
  body: Readable;
  /** The last path segment of the URL, when it has one. */
  fileName?: string;
}

/** What {@link fetchUrlSource} needs. */
export interface UrlSourceSettings {
  allowedHosts: readonly string[];
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

function fileNameOf(url: URL): string | undefined {
  try {
    const name = basename(decodeURIComponent(url.pathname));
    return name && name !== '/' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Ignores a body's late errors: they reach its reader (if any) through the stream itself. */
const ignore = (): void => undefined;

/**
 * Drops a response body that will not be read. undici's `BodyReadable.destroy()` without an
 * error emits a `RequestAbortedError`; with no listener, that event would crash the process.
 */
function discard(body: Readable): void {
  body.on('error', ignore);
  body.destroy();
}

/**
 * GETs an outbound media URL: only from allowed hosts (checked before any request), no
 * redirects, a 2xx status, and a `content-length` within `maxBytes` when announced. A body
 * that is not answered is discarded safely; the body answered always has an error listener, so
 * an abort or reset while it waits for its reader never goes unhandled.
 *
 * @throws WeixinMediaSourceError for a host not allowed, a failed request or a non-2xx status
 * @throws WeixinMediaTooLargeError when the announced length is above `maxBytes`
 */
export async function fetchUrlSource(
  url: URL,
  settings: UrlSourceSettings,
): Promise<FetchedSource> {
  const allowList = new HostAllowList(settings.allowedHosts);
  if (!allowList.allows(url)) {
    throw new WeixinMediaSourceError(MediaMessages.sourceHostNotAllowed(url.host));
  }
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      method: 'GET',
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      signal: settings.signal,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WeixinMediaSourceError(
      MediaMessages.sourceUnreadable(`a URL on host ${url.host}`, reason),
      error,
    );
  }
  const body = response.body;
  if (response.statusCode < 200 || response.statusCode > 299) {
    discard(body);
    throw new WeixinMediaSourceError(MediaMessages.sourceHttpStatus(url.host, response.statusCode));
  }
  const announced = Number(response.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(announced) && announced > settings.maxBytes) {
    discard(body);
    throw uploadTooLarge(announced, settings.maxBytes);
  }
  if (announced === 0) {
    discard(body);
    throw new WeixinMediaSourceError(MediaMessages.sourceEmpty(`a URL on host ${url.host}`));
  }
  body.on('error', ignore);
  return { body, fileName: fileNameOf(url) };
}
