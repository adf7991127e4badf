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
  let url: URL;
  if (fullUrl) {
    url = parseBaseUrl(fullUrl, 'uploadFullUrl');
  } else if (request.uploadParam) {
    url = joinUrl(accountCdnBase(ctx, account), CDN_PATHS.upload, {
      encrypted_query_param: request.uploadParam,
      filekey: request.filekey,
    });
  } else {
    throw new IlinkInvalidRequestError(IlinkClientMessages.cdnLocationRequired('upload'));
  }
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
  let url: URL;
  if (fullUrl) {
    url = parseBaseUrl(fullUrl, 'fullUrl');
  } else if (request.encryptQueryParam) {
    url = joinUrl(accountCdnBase(ctx, account), CDN_PATHS.download, {
      encrypted_query_param: request.encryptQueryParam,
    });
  } else {
    throw new IlinkInvalidRequestError(IlinkClientMessages.cdnLocationRequired('download'));
  }
  const timeoutMs = options.timeoutMs ?? ctx.timeouts.cdnDownload;
  const maxBytes = request.maxBytes ?? Number.POSITIVE_INFINITY;
  const call = {
    accountId: account.accountId,
    secrets: secretsOf(request.encryptQueryParam, fullUrl),
  };
  return downloadFromCdnStream(ctx.http, call, url, timeoutMs, maxBytes, options.signal);
}
