import { applyDecorators, Body, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation } from '@nestjs/swagger';
import type { WeixinTypingState } from '../../typing/typing-state.interface.js';
import { AdminController } from '../admin-controller.decorator.js';
import { AdminAction, AdminLookup } from '../admin-route.decorators.js';
import { ChannelUserParamsDto } from '../dto/channel-user-params.dto.js';
import { StartChannelTypingDto } from '../dto/start-channel-typing.dto.js';
import { AdminTypingService } from '../services/admin-typing.service.js';

const NO_SUCH_CHANNEL = 'No such channel';

/** An action on one channel (`AdminAction`), answering 404 when no channel has that name. */
function ChannelAction(route: MethodDecorator, summary: string): MethodDecorator {
  return applyDecorators(
    AdminAction(route, summary),
    ApiNotFoundResponse({ description: NO_SUCH_CHANNEL }),
  );
}

/** Typing on the configured channels besides iLink (WeChat customer service, NXCloud). */
@AdminController('typing-channels', 'typing-channels')
export class TypingChannelsController {
  constructor(private readonly admin: AdminTypingService) {}

  @Get()
  @ApiOperation({ summary: 'The typing channels (ilink and the configured ones)' })
  list(): { channels: string[] } {
    return { channels: this.admin.typingChannels() };
  }

  @AdminLookup(
    ':channel/users/:userId/typing',
    "A user's indicator on a channel (phase, leases, last error)",
    NO_SUCH_CHANNEL,
  )
  state(@Param() p: ChannelUserParamsDto): WeixinTypingState {
    return this.admin.channelTypingState(p.channel, p.userId);
  }

  @ChannelAction(
    Post(':channel/users/:userId/typing'),
    'Show "typing…" on a channel (messageId for NXCloud)',
  )
  @ApiConflictResponse({ description: "The platform's rules refuse typing now (e.g. 30 s rule)" })
  start(
    @Param() p: ChannelUserParamsDto,
    @Body() body: StartChannelTypingDto,
  ): Promise<WeixinTypingState> {
    return this.admin.startChannelTyping(p.channel, p.userId, body.durationMs, body.messageId);
  }

  @ChannelAction(Delete(':channel/users/:userId/typing'), 'Stop "typing…" on a channel')
  stop(@Param() p: ChannelUserParamsDto): Promise<WeixinTypingState> {
    return this.admin.stopChannelTyping(p.channel, p.userId);
  }

  @ChannelAction(
    Post(':channel/users/:userId/interactions'),
    'The user wrote now (opens the 30 s customer-service window)',
  )
  interacted(@Param() p: ChannelUserParamsDto): WeixinTypingState {
    return this.admin.channelUserInteracted(p.channel, p.userId);
  }

  @ChannelAction(
    Post(':channel/users/:userId/replied'),
    'The app sent the user a message (the platform hid the indicator)',
  )
  replied(@Param() p: ChannelUserParamsDto): Promise<WeixinTypingState> {
    return this.admin.channelReplied(p.channel, p.userId);
  }
}
