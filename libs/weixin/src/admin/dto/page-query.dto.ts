import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ROW_ID_PATTERN } from './id-patterns.js';
import { IsRowId } from './is-row-id.decorator.js';

/** Paging of list queries: entries after `afterId`, at most `limit`. */
export class PageQueryDto {
  /** Entries after this id (the last id of the previous page). */
  @ApiPropertyOptional({ pattern: ROW_ID_PATTERN.source })
  @IsOptional()
  @IsRowId()
  afterId?: string;

  /** Most entries answered (the list's own default when absent). */
  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
