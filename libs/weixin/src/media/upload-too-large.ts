import { WeixinMediaTooLargeError } from '../client/errors/weixin-media-too-large.error.js';
import { MediaMessages } from './media.messages.js';

/** The `WeixinMediaTooLargeError` of an upload source above its limit. */
export function uploadTooLarge(size: number, maxBytes: number): WeixinMediaTooLargeError {
  const error = new WeixinMediaTooLargeError(size, maxBytes);
  error.message = MediaMessages.uploadTooLarge(size, maxBytes);
  return error;
}
