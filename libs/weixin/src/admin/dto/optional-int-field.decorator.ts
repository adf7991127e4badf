import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Where an integer field comes from. */
export interface OptionalIntFieldOptions {
  /** A query parameter: its string is converted to a number before it is checked. */
  query?: boolean;
}

/**
 * An optional integer field from `min` to `max`, described with those bounds:
 * `@ApiPropertyOptional @IsOptional [@Type] @IsInt @Min @Max`, applied bottom-up as stacked
 * decorators are (the order in which a 400 lists a value's problems).
 */
export function OptionalIntField(
  min: number,
  max: number,
  o: OptionalIntFieldOptions = {},
): PropertyDecorator {
  const stacked = [
    ApiPropertyOptional({ minimum: min, maximum: max }),
    IsOptional(),
    ...(o.query ? [Type(() => Number)] : []),
    IsInt(),
    Min(min),
    Max(max),
  ];
  return applyDecorators(...stacked.reverse());
}
