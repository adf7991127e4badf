import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ROW_ID_PATTERN, USER_ID_PATTERN } from './id-patterns.js';

/** Query of `GET accounts/:accountId/outbox`. */
export class OutboxQueryDto {
  /** Only this user's entries. */
  @ApiPropertyOptional({ pattern: USER_ID_PATTERN.source })
  @IsOptional()
  @Matches(USER_ID_PATTERN, { message: 'userId must look like <id>@im.wechat' })
  userId?: string;

  /** Entries after this delivery id (the last id of the previous page). */
  @ApiPropertyOptional({ pattern: ROW_ID_PATTERN.source })
  @IsOptional()
  @Matches(ROW_ID_PATTERN, { message: 'afterId must be a positive integer' })
  afterId?: string;

  /** Most entries answered. */
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
