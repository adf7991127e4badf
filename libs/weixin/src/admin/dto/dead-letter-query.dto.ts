import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ACCOUNT_ID_PATTERN, ROW_ID_PATTERN, USER_ID_PATTERN } from './id-patterns.js';

/** Query of `GET dead-letters`. */
export class DeadLetterQueryDto {
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

  /** Entries after this id (paging). */
  @ApiPropertyOptional({ pattern: ROW_ID_PATTERN.source })
  @IsOptional()
  @Matches(ROW_ID_PATTERN, { message: 'afterId must be a positive integer' })
  afterId?: string;

  /** Most entries answered. */
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
