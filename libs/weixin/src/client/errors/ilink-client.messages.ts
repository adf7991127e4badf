import type { IlinkEndpoint } from '../../protocol/ilink-endpoints.js';
import type { TransportErrorKind } from './transport-error-kind.js';

function errmsgPart(errmsg: string | undefined): string {
  return errmsg ? `, errmsg "${errmsg}"` : '';
}

/** Which call failed: the endpoint and, for authenticated calls, the account (not a secret). */
export interface IlinkCallSite {
  endpoint: IlinkEndpoint;
  accountId?: string;
}

/** `iLink <endpoint>` or `iLink <endpoint> of account <id>`. */
function at(site: IlinkCallSite): string {
  return site.accountId
    ? `iLink ${site.endpoint} of account ${site.accountId}`
    : `iLink ${site.endpoint}`;
}

/**
 * Every message text of the client's errors. Callers pass values already redacted; none of these
 * texts may carry a token, QR id, context token or verify code.
 */
export const IlinkClientMessages = {
  sessionExpired: (site: IlinkCallSite, errmsg?: string): string =>
    `${at(site)} answered -14 (stale bot token or session${errmsgPart(errmsg)}): ` +
    `${site.accountId ? `account ${site.accountId}` : 'the account'} needs a new QR login`,
  rejected: (site: IlinkCallSite, errmsg?: string): string =>
    `${at(site)} was rejected (ret -2${errmsgPart(errmsg)}); do not retry blindly: ` +
    'check the context token window, the 10-reply quota, the text length and rate limits',
  apiError: (site: IlinkCallSite, ret?: number, errcode?: number, errmsg?: string): string =>
    `${at(site)} failed (ret ${ret ?? 'absent'}, errcode ${errcode ?? 'absent'}${errmsgPart(errmsg)})`,
  httpStatus: (site: IlinkCallSite, status: number, detail?: string): string =>
    `${at(site)} answered HTTP ${status}${detail ? `: ${detail}` : ''}`,
  timeout: (site: IlinkCallSite, timeoutMs: number): string =>
    `${at(site)} got no complete answer within ${timeoutMs} ms`,
  aborted: (site: IlinkCallSite): string => `${at(site)} was aborted by the caller`,
  transport: (site: IlinkCallSite, kind: TransportErrorKind, detail: string): string =>
    `${at(site)} transport error (${kind}): ${detail}`,
  emptyBody: (site: IlinkCallSite): string =>
    site.endpoint === 'sendmessage'
      ? `${at(site)} answered an empty body` +
        ': delivery is unknown and the message was most ' +
        'likely dropped (typically a missing or unusable context_token); do not report it as sent'
      : `${at(site)} answered an empty body where JSON was expected`,
  invalidJson: (site: IlinkCallSite): string =>
    `${at(site)} answered a body that is not valid JSON`,
  notAnObject: (site: IlinkCallSite): string => `${at(site)} answered JSON that is not an object`,
  responseTooLarge: (site: IlinkCallSite, maxBytes: number): string =>
    `${at(site)} answered a body larger than maxResponseBytes (${maxBytes} bytes); ` +
    'raise IlinkClientOptions.maxResponseBytes if the answer is legitimate',
  missingField: (site: IlinkCallSite, field: string): string =>
    `${at(site)} answered success without ${field}`,
  cdnMissingEncryptedParam: (site: IlinkCallSite): string =>
    `${at(site)} answered HTTP 200 without the x-encrypted-param header`,
  hostNotAllowed: (host: string, allowed: readonly string[]): string =>
    `Refusing to contact host "${host}": it is not in allowedHosts (${allowed.join(', ')}). ` +
    'Add it to IlinkClientOptions.allowedHosts if it is trusted.',
  insecureUrl: (host: string): string =>
    `Refusing to contact "${host}" over a non-default scheme or port: the built-in allowed ` +
    'domains (*.weixin.qq.com, *.qq.com) need https on port 443. List the host in ' +
    'IlinkClientOptions.allowedHosts (host:port) if it is trusted.',
  credentialsInUrl: (host: string): string =>
    `Refusing to contact "${host}": the URL carries user credentials (user@host)`,
  invalidAllowedHost: (entry: string): string =>
    `Invalid allowedHosts entry ${JSON.stringify(entry)}: expected host, host:port, *.domain or ` +
    '*.domain:port (no scheme, path or credentials; IPv6 as [addr] or [addr]:port)',
  clientMistake: (site: IlinkCallSite, detail: string): string =>
    `${at(site)} could not send the request as given (${detail}); check the declared size ` +
    'and the arguments: a retry would fail the same way',
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
