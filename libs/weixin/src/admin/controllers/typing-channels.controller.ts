import { applyDecorators, Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation } from '@nestjs/swagger';
import type { WeixinTypingState } from '../../typing/typing-state.interface.js';
import { AdminController } from '../admin-controller.decorator.js';
import { ChannelUserParamsDto } from '../dto/channel-user-params.dto.js';
import { StartChannelTypingDto } from '../dto/start-channel-typing.dto.js';
import { AdminTypingService } from '../services/admin-typing.service.js';

/** The OpenAPI operation of a route on one channel: 404 when no channel has that name. */
function ChannelOperation(summary: string): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiNotFoundResponse({ description: 'No such channel' }),
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

  @Get(':channel/users/:userId/typing')
  @ChannelOperation("A user's indicator on a channel (phase, leases, last error)")
  state(@Param() p: ChannelUserParamsDto): WeixinTypingState {
    return this.admin.channelTypingState(p.channel, p.userId);
  }

  @Post(':channel/users/:userId/typing')
  @HttpCode(200)
  @ChannelOperation('Show "typing…" on a channel (messageId for NXCloud)')
  @ApiConflictResponse({ description: "The platform's rules refuse typing now (e.g. 30 s rule)" })
  start(
    @Param() p: ChannelUserParamsDto,
    @Body() body: StartChannelTypingDto,
  ): Promise<WeixinTypingState> {
    return this.admin.startChannelTyping(p.channel, p.userId, body.durationMs, body.messageId);
  }

  @Delete(':channel/users/:userId/typing')
  @HttpCode(200)
  @ChannelOperation('Stop "typing…" on a channel')
  stop(@Param() p: ChannelUserParamsDto): Promise<WeixinTypingState> {
    return this.admin.stopChannelTyping(p.channel, p.userId);
  }

  @Post(':channel/users/:userId/interactions')
  @HttpCode(200)
  @ChannelOperation('The user wrote now (opens the 30 s customer-service window)')
  interacted(@Param() p: ChannelUserParamsDto): WeixinTypingState {
    return this.admin.channelUserInteracted(p.channel, p.userId);
  }

  @Post(':channel/users/:userId/replied')
  @HttpCode(200)
  @ChannelOperation('The app sent the user a message (the platform hid the indicator)')
  replied(@Param() p: ChannelUserParamsDto): Promise<WeixinTypingState> {
    return this.admin.channelReplied(p.channel, p.userId);
  }
}
