import { Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../admin-controller.decorator.js';
import { AdminAction, AdminLookup } from '../admin-route.decorators.js';
import type { AdminAccountView } from '../admin-account.view.js';
import { AccountParamsDto } from '../dto/account-params.dto.js';
import { AdminAccountsService } from '../services/admin-accounts.service.js';

/** Bot accounts: list, inspect, pause, resume, remove. */
@AdminController('accounts', 'accounts')
export class AccountsController {
  constructor(private readonly admin: AdminAccountsService) {}

  @Get()
  @ApiOperation({ summary: 'List accounts with their state, lease and polling' })
  @ApiOkResponse({ description: 'The accounts' })
  list(): Promise<AdminAccountView[]> {
    return this.admin.listAccounts();
  }

  @AdminLookup(
    ':accountId',
    'One account: state, lease owner, last poll, last error, session',
    'Unknown account',
  )
  get(@Param() p: AccountParamsDto): Promise<AdminAccountView> {
    return this.admin.getAccount(p.accountId);
  }

  @AdminAction(Post(':accountId/pause'), 'Stop polling the account (state paused)')
  pause(@Param() p: AccountParamsDto): Promise<AdminAccountView> {
    return this.admin.pauseAccount(p.accountId);
  }

  @AdminAction(Post(':accountId/resume'), 'Poll a paused account again (state active)')
  resume(@Param() p: AccountParamsDto): Promise<AdminAccountView> {
    return this.admin.resumeAccount(p.accountId);
  }

  @Delete(':accountId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the account and everything stored for it' })
  @ApiNoContentResponse({ description: 'Removed' })
  async remove(@Param() p: AccountParamsDto): Promise<void> {
    await this.admin.removeAccount(p.accountId);
  }
}
