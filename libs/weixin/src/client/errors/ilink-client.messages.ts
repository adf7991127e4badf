import type { IlinkEndpoint } from '../../protocol/ilink-endpoints.js';
import type { TransportErrorKind } from './transport-error-kind.js';

function errmsgPart(errmsg: string | undefined): string {
  return errmsg ? `, errmsg "${errmsg}"` : '';
}

/**
 * Every message text of the client's errors. Callers pass values already redacted; none of these
 * texts may carry a token, QR id, context token or verify code.
 */
export const IlinkClientMessages = {
  sessionExpired: (endpoint: IlinkEndpoint, errmsg?: string): string =>
    `iLink ${endpoint} answered -14 (stale bot token or session${errmsgPart(errmsg)}): ` +
    'the account needs a new QR login',
  rejected: (endpoint: IlinkEndpoint, errmsg?: string): string =>
    `iLink ${endpoint} rejected the request (ret -2${errmsgPart(errmsg)}); do not retry blindly: ` +
    'check the context token window, the 10-reply quota, the text length and rate limits',
  apiError: (endpoint: IlinkEndpoint, ret?: number, errcode?: number, errmsg?: string): string =>
    `iLink ${endpoint} failed (ret ${ret ?? 'absent'}, errcode ${errcode ?? 'absent'}${errmsgPart(errmsg)})`,
  httpStatus: (endpoint: IlinkEndpoint, status: number, detail?: string): string =>
    `iLink ${endpoint} answered HTTP ${status}${detail ? `: ${detail}` : ''}`,
  timeout: (endpoint: IlinkEndpoint, timeoutMs: number): string =>
    `iLink ${endpoint} got no complete answer within ${timeoutMs} ms`,
  aborted: (endpoint: IlinkEndpoint): string => `iLink ${endpoint} was aborted by the caller`,
  transport: (endpoint: IlinkEndpoint, kind: TransportErrorKind, detail: string): string =>
    `iLink ${endpoint} transport error (${kind}): ${detail}`,
  emptyBody: (endpoint: IlinkEndpoint): string =>
    endpoint === 'sendmessage'
      ? 'iLink sendmessage answered an empty body: delivery is unknown and the message was most ' +
        'likely dropped (typically a missing or unusable context_token); do not report it as sent'
      : `iLink ${endpoint} answered an empty body where JSON was expected`,
  invalidJson: (endpoint: IlinkEndpoint): string =>
    `iLink ${endpoint} answered a body that is not valid JSON`,
  notAnObject: (endpoint: IlinkEndpoint): string =>
    `iLink ${endpoint} answered JSON that is not an object`,
  missingField: (endpoint: IlinkEndpoint, field: string): string =>
    `iLink ${endpoint} answered success without ${field}`,
  cdnMissingEncryptedParam: (): string =>
    'CDN upload answered HTTP 200 without the x-encrypted-param header',
  hostNotAllowed: (host: string, allowed: readonly string[]): string =>
    `Refusing to contact host "${host}": it is not in allowedHosts (${allowed.join(', ')}). ` +
    'Add it to IlinkClientOptions.allowedHosts if it is trusted.',
  unsupportedScheme: (scheme: string): string =>
    `Refusing to contact a "${scheme}" URL: only http: and https: are allowed`,
  invalidUrl: (what: string): string => `Invalid ${what}: not an absolute http(s) URL`,
  invalidRedirectHost: (): string =>
    'Invalid redirect_host: expected a bare host name or host:port, without scheme, path or credentials',
  oneItemRequired: (count: number): string =>
    `sendMessage needs exactly one item in msg.item_list (got ${count}); send each item as its own message`,
  toUserRequired: (): string => 'sendMessage needs msg.to_user_id',
  cdnLocationRequired: (operation: 'upload' | 'download'): string =>
    operation === 'upload'
      ? 'uploadToCdn needs uploadFullUrl or uploadParam (from getuploadurl)'
      : 'downloadFromCdn needs fullUrl or encryptQueryParam (from the media reference)',
  mediaTooLarge: (size: number, maxBytes: number): string =>
    `CDN download is ${size} bytes or more, above the limit of ${maxBytes} bytes`,
} as const;
