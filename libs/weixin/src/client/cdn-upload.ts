import { IlinkClientMessages } from './errors/ilink-client.messages.js';
import { IlinkHttpStatusError } from './errors/ilink-http-status.error.js';
import { IlinkMalformedResponseError } from './errors/ilink-malformed-response.error.js';
import { IlinkTransportError } from './errors/ilink-transport.error.js';
import type { IlinkCallInfo, IlinkHttp } from './ilink-http.js';
import { httpStatusError, readCappedText, toReadError } from './ilink-http.js';
import type { CdnUploadRequest } from './ilink-client.types.js';
import { responseHeader } from './response-header.js';

/** Attempts of one CDN upload: the first plus two retries (protocol §12.4). */
export const CDN_UPLOAD_ATTEMPTS = 3;

async function uploadOnce(
  http: IlinkHttp,
  info: IlinkCallInfo,
  url: URL,
  request: CdnUploadRequest,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<string> {
  const body = request.body();
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
  if (!Buffer.isBuffer(body)) headers['Content-Length'] = String(request.size);
  try {
    const response = await http.open({
      ...info,
      method: 'POST',
      url,
      headers,
      body,
      timeoutMs,
      signal,
    });
    const { deadline } = response;
    try {
      const errorMessage = responseHeader(response.headers, 'x-error-message');
      if (response.status !== 200) {
        const detail = errorMessage ?? (await readCappedText(response.body));
        throw httpStatusError(info, response.status, detail);
      }
      const param = responseHeader(response.headers, 'x-encrypted-param');
      await response.body.dump();
      if (!param) {
        throw new IlinkMalformedResponseError({
          endpoint: info.endpoint,
          accountId: info.accountId,
          reason: 'missing-header',
          message: IlinkClientMessages.cdnMissingEncryptedParam(info),
        });
      }
      return param;
    } catch (error) {
      throw toReadError(info, error, deadline);
    } finally {
      deadline.dispose();
    }
  } finally {
    if (!Buffer.isBuffer(body) && !body.readableEnded) body.destroy();
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof IlinkHttpStatusError) return !error.clientError;
  if (error instanceof IlinkTransportError) return error.kind !== 'aborted';
  return error instanceof IlinkMalformedResponseError;
}

/**
 * POSTs the ciphertext to the CDN and answers the `x-encrypted-param` header. Retries at once on
 * a non-200 status other than 4xx, a transport error or a 200 without the header, up to
 * {@link CDN_UPLOAD_ATTEMPTS} attempts; then throws the last error. A request the client built
 * wrongly (`IlinkInvalidRequestError`, e.g. a body of another size than `size`) is not retried.
 */
export async function uploadToCdnWithRetries(
  http: IlinkHttp,
  call: Omit<IlinkCallInfo, 'endpoint'>,
  url: URL,
  request: CdnUploadRequest,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string> {
  const info: IlinkCallInfo = { ...call, endpoint: 'cdn-upload' };
  let lastError: unknown;
  for (let attempt = 1; attempt <= CDN_UPLOAD_ATTEMPTS; attempt++) {
    try {
      return await uploadOnce(http, info, url, request, timeoutMs, signal);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
