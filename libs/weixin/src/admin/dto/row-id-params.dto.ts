import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ACCOUNT_ID_PATTERN, ROW_ID_PATTERN } from './id-patterns.js';
import { IsRowId } from './is-row-id.decorator.js';

/** Route parameters naming a delivery. */
export class DeliveryParamsDto {
  /** The delivery id. */
  @ApiProperty({ example: '42', pattern: ROW_ID_PATTERN.source, maxLength: 19 })
  @IsRowId()
  deliveryId!: string;
}

/** Route parameters naming an outbox entry of an account. */
export class OutboxEntryParamsDto extends DeliveryParamsDto {
  /** The bot account id. */
  @ApiProperty({ example: 'b0f5860fdecb@im.bot', pattern: ACCOUNT_ID_PATTERN.source })
  @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId must look like <id>@im.bot' })
  accountId!: string;
}

/** Route parameters naming a dead letter. */
export class DeadLetterParamsDto {
  /** The inbox row id of the dead letter. */
  @ApiProperty({ example: '42', pattern: ROW_ID_PATTERN.source, maxLength: 19 })
  @IsRowId()
  id!: string;
}
