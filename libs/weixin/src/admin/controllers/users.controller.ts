import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { UserLedger } from '../../outbound/outbound.types.js';
import type { WeixinTypingState } from '../../typing/typing-state.interface.js';
import { AdminController } from '../admin-controller.decorator.js';
import { AccountUserParamsDto } from '../dto/account-user-params.dto.js';
import { StartTypingDto } from '../dto/start-typing.dto.js';
import { WeixinAdminService } from '../weixin-admin.service.js';

/** One user of an account: ledger (window, replies left) and typing. */
@AdminController('accounts/:accountId/users/:userId', 'users')
export class UsersController {
  constructor(private readonly admin: WeixinAdminService) {}

  @Get()
  @ApiOperation({ summary: 'The ledger: window closes at, replies left, queued, typing state' })
  ledger(
    @Param() p: AccountUserParamsDto,
  ): Promise<{ ledger: UserLedger; typing?: WeixinTypingState }> {
    return this.admin.userLedger(p.accountId, p.userId);
  }

  @Post('typing')
  @HttpCode(200)
  @ApiOperation({ summary: 'Show "typing…" (optional durationMs)' })
  startTyping(
    @Param() p: AccountUserParamsDto,
    @Body() body: StartTypingDto,
  ): Promise<WeixinTypingState> {
    return this.admin.startTyping(p.accountId, p.userId, body.durationMs);
  }

  @Delete('typing')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop "typing…"' })
  stopTyping(@Param() p: AccountUserParamsDto): Promise<WeixinTypingState> {
    return this.admin.stopTyping(p.accountId, p.userId);
  }
}
