import { Body, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation } from '@nestjs/swagger';
import type { DeliveryRecord } from '../../interfaces/outbound.types.js';
import { WeixinMediaSourceError } from '../../media/weixin-media-source.error.js';
import { AdminMessages as M } from '../admin.messages.js';
import { AdminController } from '../admin-controller.decorator.js';
import { AccountUserParamsDto } from '../dto/account-user-params.dto.js';
import { SendMediaDto, SendMediaUploadDto } from '../dto/send-media.dto.js';
import { SendTextDto } from '../dto/send-text.dto.js';
import { AdminUploadInterceptor } from '../admin-upload.interceptor.js';
import { IdempotencyKey } from '../idempotency-key.decorator.js';
import { AdminSendsService } from '../services/admin-sends.service.js';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeating a send with the same key answers the first one and sends nothing',
};

/** Sends to a user: text, and media (multipart upload or URL). */
@AdminController('accounts/:accountId/users/:userId', 'sends')
export class SendsController {
  constructor(private readonly admin: AdminSendsService) {}

  @Post('messages')
  @ApiOperation({ summary: 'Send a text; answers its delivery records' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  sendText(
    @Param() p: AccountUserParamsDto,
    @Body() body: SendTextDto,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<DeliveryRecord[]> {
    return this.admin.sendText(p.accountId, p.userId, body.text, idempotencyKey);
  }

  @Post('media')
  @UseInterceptors(AdminUploadInterceptor)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ type: SendMediaUploadDto })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({
    summary: 'Send an image, video, file or voice (upload or url); answers the records',
  })
  sendMedia(
    @Param() p: AccountUserParamsDto,
    @Body() body: SendMediaDto,
    @UploadedFile() file: { buffer: Buffer; originalname?: string } | undefined,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<DeliveryRecord[]> {
    if (file && body.url) throw new WeixinMediaSourceError(M.mediaSourceBoth());
    if (!file && !body.url) throw new WeixinMediaSourceError(M.mediaSourceRequired());
    return this.admin.sendMedia(p.accountId, p.userId, {
      kind: body.kind,
      source: file ? file.buffer : new URL(body.url as string),
      caption: body.caption,
      fileName: body.fileName,
      idempotencyKey,
    });
  }
}
