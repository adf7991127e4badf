import { WeixinError } from '../errors/weixin.error.js';

/**
 * Audio given to `sendVoice()` or a `{ voice }` reply that cannot be encoded as SILK: not WAV,
 * raw PCM (with `sampleRate`) or SILK; an unsupported sample rate; or samples the encoder refused.
 * `code`: `WEIXIN_VOICE_FORMAT`.
 */
export class WeixinVoiceFormatError extends WeixinError {
  constructor(message: string, cause?: unknown) {
    super(message, 'WEIXIN_VOICE_FORMAT', cause === undefined ? undefined : { cause });
  }
}
