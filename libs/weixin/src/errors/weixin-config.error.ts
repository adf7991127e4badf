import { WeixinError } from './weixin.error.js';

/** Invalid module options; the message lists each invalid field and its fix. */
export class WeixinConfigError extends WeixinError {
  constructor(message: string) {
    super(message, 'WEIXIN_CONFIG');
  }
}
