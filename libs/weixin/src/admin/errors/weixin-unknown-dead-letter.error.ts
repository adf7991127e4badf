import { WeixinError } from '../../errors/weixin.error.js';
import { AdminErrorMessages as M } from './admin-errors.messages.js';

/** No dead letter with this id. `code`: `WEIXIN_UNKNOWN_DEAD_LETTER` (HTTP 404). */
export class WeixinUnknownDeadLetterError extends WeixinError {
  declare readonly code: 'WEIXIN_UNKNOWN_DEAD_LETTER';

  /** @param deadLetterId The inbox id asked for. */
  constructor(readonly deadLetterId: string) {
    super(M.notFound('The dead letter'), 'WEIXIN_UNKNOWN_DEAD_LETTER');
  }
}
