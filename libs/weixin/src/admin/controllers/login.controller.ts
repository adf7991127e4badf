import {
  Body,
  Delete,
  Get,
  Header,
  Param,
  Post,
  Query,
  Sse,
  StreamableFile,
  type MessageEvent,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
import type { WeixinLoginSnapshot } from '../../login/weixin-login.types.js';
import { AdminController } from '../admin-controller.decorator.js';
import { AdminAction, AdminLookup } from '../admin-route.decorators.js';
import { LoginParamsDto } from '../dto/login-params.dto.js';
import { LoginWaitQueryDto } from '../dto/login-wait-query.dto.js';
import { StartLoginDto } from '../dto/start-login.dto.js';
import { VerifyCodeDto } from '../dto/verify-code.dto.js';
import { AdminLoginsService } from '../services/admin-logins.service.js';

/** QR logins: start, follow (long poll or SSE), verify code, cancel. */
@AdminController('login', 'login')
export class LoginController {
  constructor(private readonly admin: AdminLoginsService) {}

  @Post()
  @ApiOperation({
    summary: 'Start a QR login',
    description: 'Answers the login id, the QR content and a PNG data URL of the QR code.',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many QR logins in progress' })
  start(@Body() body: StartLoginDto): Promise<WeixinLoginSnapshot> {
    return this.admin.startLogin(body.deadlineMs);
  }

  @AdminLookup(
    ':loginId',
    'A login status (long poll with ?wait=ms and optionally ?after=version)',
    'Unknown login',
  )
  get(@Param() p: LoginParamsDto, @Query() q: LoginWaitQueryDto): Promise<WeixinLoginSnapshot> {
    return this.admin.getLogin(p.loginId, q.wait ?? 0, q.after);
  }

  @Get(':loginId/qr.png')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('image/png')
  @ApiOperation({ summary: 'The current QR code as a PNG' })
  async qr(@Param() p: LoginParamsDto): Promise<StreamableFile> {
    const png = await this.admin.loginQrPng(p.loginId);
    return new StreamableFile(png, { type: 'image/png', length: png.length });
  }

  @Sse(':loginId/events')
  @ApiOperation({ summary: 'Every status change as server-sent events, until the final one' })
  async events(@Param() p: LoginParamsDto): Promise<Observable<MessageEvent>> {
    const changes = await this.admin.loginChanges(p.loginId);
    return changes.pipe(map((s) => ({ data: s, type: s.status, id: String(s.version) })));
  }

  @AdminAction(
    Post(':loginId/verify-code'),
    'Submit the digits shown on the phone (status need_verifycode)',
  )
  verifyCode(
    @Param() p: LoginParamsDto,
    @Body() body: VerifyCodeDto,
  ): Promise<WeixinLoginSnapshot> {
    return this.admin.submitVerifyCode(p.loginId, body.code);
  }

  @AdminAction(Delete(':loginId'), 'Cancel the login')
  cancel(@Param() p: LoginParamsDto): Promise<WeixinLoginSnapshot> {
    return this.admin.cancelLogin(p.loginId);
  }
}
