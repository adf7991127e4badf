import { WeixinError } from '../../errors/weixin.error.js';
import { AdminErrorMessages as M } from './admin-errors.messages.js';

/**
 * An admin call needs an optional service the app did not register (`MediaService`,
 * `TypingService`). `code`: `WEIXIN_SERVICE_MISSING` (HTTP 503).
 */
export class WeixinServiceMissingError extends WeixinError {
  declare readonly code: 'WEIXIN_SERVICE_MISSING';

  /** @param service The class name of the missing service. */
  constructor(readonly service: string) {
    super(M.serviceMissing(service), 'WEIXIN_SERVICE_MISSING');
  }
}
