import { PatternField } from './id-fields.decorator.js';

/** A typing channel name as configured (`typing.channels`). */
export const CHANNEL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/** A user on a channel: an OpenID or a WhatsApp number (no slashes). */
export const CHANNEL_USER_PATTERN = /^[A-Za-z0-9_=+.@-]{1,128}$/;

/** Route parameters naming a typing channel and a user on it. */
export class ChannelUserParamsDto {
  /** The channel name (`typing.channels.*[].name`). */
  @PatternField(CHANNEL_NAME_PATTERN, 'channel must be 1-64 letters, digits, _ . or -', {
    example: 'shop-cs',
  })
  channel!: string;

  /** The user: an OpenID (customer service) or a WhatsApp number (NXCloud). */
  @PatternField(CHANNEL_USER_PATTERN, 'userId must be 1-128 letters, digits or _=+.@-', {
    example: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  })
  userId!: string;
}
