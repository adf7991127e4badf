import { WeixinTypingError } from './weixin-typing.error.js';
import { TypingMessages as M } from './typing.messages.js';
import type { WeixinTypingChannel } from './weixin-typing-channel.interface.js';

/** The typing channels by name and the one each account uses (the default one otherwise). */
export class TypingChannelRegistry {
  private readonly channels = new Map<string, WeixinTypingChannel>();
  private readonly byAccount = new Map<string, string>();

  constructor(private readonly fallback: WeixinTypingChannel) {
    this.channels.set(fallback.name, fallback);
  }

  /** Adds or replaces a channel. */
  register(channel: WeixinTypingChannel): void {
    this.channels.set(channel.name, channel);
  }

  /** The channel called `name`. @throws WeixinTypingError (`WEIXIN_TYPING_CHANNEL`) when unknown */
  get(name: string): WeixinTypingChannel {
    const channel = this.channels.get(name);
    if (!channel) {
      throw new WeixinTypingError(
        M.unknownChannel(name, [...this.channels.keys()]),
        'WEIXIN_TYPING_CHANNEL',
      );
    }
    return channel;
  }

  /** The names of the channels. */
  names(): string[] {
    return [...this.channels.keys()];
  }

  /** Makes `accountId` use the channel `name`; `undefined` returns it to the default. */
  assign(accountId: string, name: string | undefined): void {
    if (name === undefined) {
      this.byAccount.delete(accountId);
      return;
    }
    this.get(name);
    this.byAccount.set(accountId, name);
  }

  /** The channel of an account. */
  forAccount(accountId: string): WeixinTypingChannel {
    const name = this.byAccount.get(accountId);
    return (name !== undefined ? this.channels.get(name) : undefined) ?? this.fallback;
  }
}
