import type { DeliveryRecord } from '../../interfaces/outbound.types.js';
import { WeixinServerRefusedError } from './weixin-server-refused.error.js';

/**
 * `ret -2` on a native voice message: the server does not take voice from this bot. Send the
 * audio as a file (`MediaService.sendVoice()` falls back to a file by default).
 * `code`: `WEIXIN_VOICE_REFUSED`.
 */
export class WeixinVoiceRefusedError extends WeixinServerRefusedError {
  constructor(records: DeliveryRecord[], record: DeliveryRecord) {
    super(records, record, 'WEIXIN_VOICE_REFUSED');
  }
}
