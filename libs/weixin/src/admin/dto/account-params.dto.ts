import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ACCOUNT_ID_PATTERN } from './id-patterns.js';

/** Route parameters naming an account. */
export class AccountParamsDto {
  /** The bot account id. */
  @ApiProperty({ example: 'b0f5860fdecb@im.bot', pattern: ACCOUNT_ID_PATTERN.source })
  @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId must look like <id>@im.bot' })
  accountId!: string;
}
