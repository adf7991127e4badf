import type { Readable } from 'node:stream';
import { CDN_PATHS } from '../protocol/ilink-endpoints.js';
import { downloadFromCdnStream } from './cdn-download.js';
import { uploadToCdnWithRetries } from './cdn-upload.js';
import { IlinkClientMessages } from './errors/ilink-client.messages.js';
import { IlinkInvalidRequestError } from './errors/ilink-invalid-request.error.js';
import { accountCdnBase, type IlinkCallContext } from './ilink-call.context.js';
import type { IlinkAccount, IlinkCallOptions } from './ilink-client.options.js';
import type { CdnDownloadRequest, CdnUploadRequest } from './ilink-client.types.js';
import { joinUrl, parseBaseUrl } from './ilink-url.js';
import { secretsOf } from './request-secrets.util.js';

/** The CDN upload (see `IlinkClient.uploadToCdn`). */
export function uploadToCdn(
  ctx: IlinkCallContext,
  account: IlinkAccount,
  request: CdnUploadRequest,
  options: IlinkCallOptions,
): Promise<string> {
  const fullUrl = request.uploadFullUrl?.trim();
  const url = cdnUrl(
    ctx,
    account,
    'upload',
    { name: 'uploadFullUrl', value: fullUrl },
    request.uploadParam && {
      encrypted_query_param: request.uploadParam,
      filekey: request.filekey,
    },
  );
  const timeoutMs = options.timeoutMs ?? ctx.timeouts.cdnUpload;
  const call = {
    accountId: account.accountId,
    secrets: secretsOf(request.uploadParam, request.filekey, fullUrl),
  };
  return uploadToCdnWithRetries(ctx.http, call, url, request, timeoutMs, options.signal);
}

/** The CDN download (see `IlinkClient.downloadFromCdn`). */
export function downloadFromCdn(
  ctx: IlinkCallContext,
  account: IlinkAccount,
  request: CdnDownloadRequest,
  options: IlinkCallOptions,
): Promise<Readable> {
  const fullUrl = request.fullUrl?.trim();
  const url = cdnUrl(
    ctx,
    account,
    'download',
    { name: 'fullUrl', value: fullUrl },
    request.encryptQueryParam && { encrypted_query_param: request.encryptQueryParam },
  );
  const timeoutMs = options.timeoutMs ?? ctx.timeouts.cdnDownload;
  const maxBytes = request.maxBytes ?? Number.POSITIVE_INFINITY;
  const call = {
    accountId: account.accountId,
    secrets: secretsOf(request.encryptQueryParam, fullUrl),
  };
  return downloadFromCdnStream(ctx.http, call, url, timeoutMs, maxBytes, options.signal);
}

/**
 * Where a CDN transfer goes: the full URL the server gave, else `operation`'s path on the
 * account's CDN host with `query` (absent when the server gave no parameter either: an error).
 */
function cdnUrl(
  ctx: IlinkCallContext,
  account: IlinkAccount,
  operation: keyof typeof CDN_PATHS,
  fullUrl: { name: string; value: string | undefined },
  query: Record<string, string> | '' | undefined,
): URL {
  if (fullUrl.value) return parseBaseUrl(fullUrl.value, fullUrl.name);
  if (query) return joinUrl(accountCdnBase(ctx, account), CDN_PATHS[operation], query);
  throw new IlinkInvalidRequestError(IlinkClientMessages.cdnLocationRequired(operation));
}
