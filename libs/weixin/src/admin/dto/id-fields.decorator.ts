import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ACCOUNT_ID_PATTERN, ROW_ID_PATTERN, USER_ID_PATTERN } from './id-patterns.js';
import { IsRowId } from './is-row-id.decorator.js';

/** How a pattern field is described and whether it may be absent. */
export interface PatternFieldOptions {
  /** The example of the OpenAPI description (required fields only). */
  example?: string;
  /** The field may be absent (a query filter); its description then gives no example. */
  optional?: boolean;
}

/** A string field checked against `pattern` (`message` when it does not match) and described with it. */
export function PatternField(
  pattern: RegExp,
  message: string,
  o: PatternFieldOptions = {},
): PropertyDecorator {
  if (o.optional) {
    return applyDecorators(
      ApiPropertyOptional({ pattern: pattern.source }),
      IsOptional(),
      Matches(pattern, { message }),
    );
  }
  return applyDecorators(
    ApiProperty({ example: o.example, pattern: pattern.source }),
    Matches(pattern, { message }),
  );
}

/** `accountId`: a bot account id (`<id>@im.bot`). */
export function AccountIdField(o: Pick<PatternFieldOptions, 'optional'> = {}): PropertyDecorator {
  return PatternField(ACCOUNT_ID_PATTERN, 'accountId must look like <id>@im.bot', {
    example: 'b0f5860fdecb@im.bot',
    ...o,
  });
}

/** `userId`: a WeChat user id (`<id>@im.wechat`). */
export function UserIdField(o: Pick<PatternFieldOptions, 'optional'> = {}): PropertyDecorator {
  return PatternField(USER_ID_PATTERN, 'userId must look like <id>@im.wechat', {
    example: 'o9cq80abc@im.wechat',
    ...o,
  });
}

/** A required row id (a bigint as a decimal string, checked by `IsRowId`). */
export function RowIdField(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example: '42', pattern: ROW_ID_PATTERN.source, maxLength: 19 }),
    IsRowId(),
  );
}
