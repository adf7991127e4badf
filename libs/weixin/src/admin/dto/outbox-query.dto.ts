import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { USER_ID_PATTERN } from './id-patterns.js';
import { PageQueryDto } from './page-query.dto.js';

/** Query of `GET accounts/:accountId/outbox` (one page; 100 entries by default). */
export class OutboxQueryDto extends PageQueryDto {
  /** Only this user's entries. */
  @ApiPropertyOptional({ pattern: USER_ID_PATTERN.source })
  @IsOptional()
  @Matches(USER_ID_PATTERN, { message: 'userId must look like <id>@im.wechat' })
  userId?: string;
}
