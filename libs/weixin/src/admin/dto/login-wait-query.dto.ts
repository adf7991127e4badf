import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OptionalIntField } from './optional-int-field.decorator.js';

/** Query of `GET login/:loginId` (long poll). */
export class LoginWaitQueryDto {
  /** Wait up to this many ms for a change (0: answer at once). */
  @OptionalIntField(0, 60_000, { query: true })
  wait?: number;

  /** Answer the first snapshot with a version above this (default: the current version). */
  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  after?: number;
}
