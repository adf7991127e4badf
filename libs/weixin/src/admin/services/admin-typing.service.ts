import { Injectable, Optional } from '@nestjs/common';
import { WeixinAccountsService } from '../../accounts/weixin-accounts.service.js';
import type { WeixinTypingState } from '../../typing/typing-state.interface.js';
import { TypingService } from '../../typing/typing.service.js';
import { WeixinServiceMissingError } from '../errors/weixin-service-missing.error.js';

/** The typing area of the admin API: iLink typing per account, and the other channels. */
@Injectable()
export class AdminTypingService {
  constructor(
    private readonly accounts: WeixinAccountsService,
    @Optional() private readonly typing?: TypingService,
  ) {}

  /** Shows "typing…" to a user for up to `durationMs`. */
  async startTyping(
    accountId: string,
    userId: string,
    durationMs?: number,
  ): Promise<WeixinTypingState> {
    await this.accounts.get(accountId);
    const typing = this.requireTyping();
    await typing.start(accountId, userId, { durationMs });
    return typing.state(accountId, userId);
  }

  /** Ends every typing lease of a user (status 2 is sent). */
  async stopTyping(accountId: string, userId: string): Promise<WeixinTypingState> {
    await this.accounts.get(accountId);
    const typing = this.requireTyping();
    await typing.stop(accountId, userId);
    return typing.state(accountId, userId);
  }

  /** The typing channels by name (`ilink` first). */
  typingChannels(): string[] {
    return this.requireTyping().channelNames();
  }

  /** A user's indicator on a configured channel. */
  channelTypingState(channel: string, userId: string): WeixinTypingState {
    const typing = this.requireTyping();
    typing.channel(channel);
    return typing.state({ channel, userId });
  }

  /** Shows "typing…" on a configured channel (NXCloud needs `messageId`). */
  async startChannelTyping(
    channel: string,
    userId: string,
    durationMs?: number,
    messageId?: string,
  ): Promise<WeixinTypingState> {
    const typing = this.requireTyping();
    await typing.start({ channel, userId, messageId }, { durationMs });
    return typing.state({ channel, userId });
  }

  /** Ends every lease of a user on a configured channel. */
  stopChannelTyping(channel: string, userId: string): Promise<WeixinTypingState> {
    return this.onChannelUser(channel, userId, (typing, user) => typing.stop(user));
  }

  /** The user wrote on `channel` now. */
  channelUserInteracted(channel: string, userId: string): WeixinTypingState {
    const typing = this.requireTyping();
    typing.userInteracted(channel, userId);
    return typing.state({ channel, userId });
  }

  /** The app sent the user a message on `channel`. */
  channelReplied(channel: string, userId: string): Promise<WeixinTypingState> {
    return this.onChannelUser(channel, userId, (typing, user) => typing.replied(user));
  }

  /**
   * Runs `act` for a user of a configured channel (an unknown channel throws first) and answers
   * the user's indicator afterwards.
   */
  private async onChannelUser(
    channel: string,
    userId: string,
    act: (typing: TypingService, user: { channel: string; userId: string }) => Promise<void>,
  ): Promise<WeixinTypingState> {
    const typing = this.requireTyping();
    typing.channel(channel);
    await act(typing, { channel, userId });
    return typing.state({ channel, userId });
  }

  private requireTyping(): TypingService {
    if (!this.typing) throw new WeixinServiceMissingError('TypingService');
    return this.typing;
  }
}
