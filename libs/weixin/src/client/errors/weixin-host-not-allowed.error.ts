import { WeixinError } from '../../errors/weixin.error.js';
import { IlinkClientMessages } from './ilink-client.messages.js';

/**
 * A URL points at a host outside `IlinkClientOptions.allowedHosts` (or uses a scheme other than
 * http/https, or a `redirect_host` is not a bare host). Thrown before any I/O.
 * `code`: `WEIXIN_HOST_NOT_ALLOWED`.
 */
export class WeixinHostNotAllowedError extends WeixinError {
  /** The refused `host[:port]` (or the scheme, when the scheme was refused). */
  readonly host: string;

  constructor(host: string, allowed: readonly string[], message?: string) {
    super(message ?? IlinkClientMessages.hostNotAllowed(host, allowed), 'WEIXIN_HOST_NOT_ALLOWED');
    this.host = host;
  }
}
