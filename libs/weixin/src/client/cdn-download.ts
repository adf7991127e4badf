import type { Readable } from 'node:stream';
import { WeixinMediaTooLargeError } from './errors/weixin-media-too-large.error.js';
import { ByteLimitStream } from './byte-limit.stream.js';
import type { IlinkCallInfo, IlinkHttp } from './ilink-http.js';
import { httpStatusError, readCappedText, toTransportError } from './ilink-http.js';
import { responseHeader } from './response-header.js';

/**
 * GETs a CDN object and answers its body as a stream of ciphertext. `timeoutMs` bounds the wait
 * for the response headers and every pause between body chunks. `maxBytes` is checked against
 * `content-length` before reading and against the bytes that flow.
 */
export async function downloadFromCdnStream(
  http: IlinkHttp,
  call: Omit<IlinkCallInfo, 'endpoint'>,
  url: URL,
  timeoutMs: number,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Readable> {
  const info: IlinkCallInfo = { ...call, endpoint: 'cdn-download' };
  const response = await http.open(
    { ...info, method: 'GET', url, headers: {}, timeoutMs, signal },
    timeoutMs,
  );
  const { deadline, body } = response;
  try {
    if (response.status < 200 || response.status > 299) {
      throw httpStatusError(info, response.status, await readCappedText(body));
    }
    const announced = Number(responseHeader(response.headers, 'content-length') ?? Number.NaN);
    if (Number.isFinite(announced) && announced > maxBytes) {
      throw new WeixinMediaTooLargeError(announced, maxBytes);
    }
  } catch (error) {
    body.on('error', () => undefined);
    body.destroy();
    deadline.dispose();
    throw error;
  }
  deadline.stopTimer();
  const limited = new ByteLimitStream(maxBytes);
  body.on('error', (error) => limited.destroy(toTransportError(info, error, deadline)));
  limited.on('close', () => {
    body.destroy();
    deadline.dispose();
  });
  body.pipe(limited);
  return limited;
}
