import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ACCOUNT_ID_PATTERN, USER_ID_PATTERN } from './id-patterns.js';
import { PageQueryDto } from './page-query.dto.js';

/** Query of `GET dead-letters` (one page; 50 entries by default). */
export class DeadLetterQueryDto extends PageQueryDto {
  /** Only this account's dead letters. */
  @ApiPropertyOptional({ pattern: ACCOUNT_ID_PATTERN.source })
  @IsOptional()
  @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId must look like <id>@im.bot' })
  accountId?: string;

  /** Only this user's dead letters. */
  @ApiPropertyOptional({ pattern: USER_ID_PATTERN.source })
  @IsOptional()
  @Matches(USER_ID_PATTERN, { message: 'userId must look like <id>@im.wechat' })
  userId?: string;
}
