import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ROW_ID_PATTERN } from './id-patterns.js';
import { IsRowId } from './is-row-id.decorator.js';
import { OptionalIntField } from './optional-int-field.decorator.js';

/** Paging of list queries: entries after `afterId`, at most `limit`. */
export class PageQueryDto {
  /** Entries after this id (the last id of the previous page). */
  @ApiPropertyOptional({ pattern: ROW_ID_PATTERN.source })
  @IsOptional()
  @IsRowId()
  afterId?: string;

  /** Most entries answered (the list's own default when absent). */
  @OptionalIntField(1, 500, { query: true })
  limit?: number;
}
