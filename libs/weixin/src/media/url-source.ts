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

/**
 * GETs an outbound media URL: only from allowed hosts (checked before any request), no
 * redirects, a 2xx status, and a `content-length` within `maxBytes` when announced.
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
    body.destroy();
    throw new WeixinMediaSourceError(MediaMessages.sourceHttpStatus(url.host, response.statusCode));
  }
  const announced = Number(response.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(announced) && announced > settings.maxBytes) {
    body.destroy();
    throw uploadTooLarge(announced, settings.maxBytes);
  }
  return { body, fileName: fileNameOf(url) };
}
