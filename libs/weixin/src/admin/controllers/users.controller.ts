import { Body, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { UserLedger } from '../../interfaces/outbound.types.js';
import type { WeixinTypingState } from '../../typing/typing-state.interface.js';
import { AdminController } from '../admin-controller.decorator.js';
import { AdminAction } from '../admin-route.decorators.js';
import { AccountUserParamsDto } from '../dto/account-user-params.dto.js';
import { StartTypingDto } from '../dto/start-typing.dto.js';
import { AdminSendsService } from '../services/admin-sends.service.js';
import { AdminTypingService } from '../services/admin-typing.service.js';

/** One user of an account: ledger (window, replies left) and typing. */
@AdminController('accounts/:accountId/users/:userId', 'users')
export class UsersController {
  constructor(
    private readonly sends: AdminSendsService,
    private readonly typing: AdminTypingService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The ledger: window closes at, replies left, queued, typing state' })
  ledger(
    @Param() p: AccountUserParamsDto,
  ): Promise<{ ledger: UserLedger; typing?: WeixinTypingState }> {
    return this.sends.userLedger(p.accountId, p.userId);
  }

  @AdminAction(Post('typing'), 'Show "typing…" (optional durationMs)')
  startTyping(
    @Param() p: AccountUserParamsDto,
    @Body() body: StartTypingDto,
  ): Promise<WeixinTypingState> {
    return this.typing.startTyping(p.accountId, p.userId, body.durationMs);
  }

  @AdminAction(Delete('typing'), 'Stop "typing…"')
  stopTyping(@Param() p: AccountUserParamsDto): Promise<WeixinTypingState> {
    return this.typing.stopTyping(p.accountId, p.userId);
  }
}
