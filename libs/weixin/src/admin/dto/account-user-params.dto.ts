import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ACCOUNT_ID_PATTERN, USER_ID_PATTERN } from './id-patterns.js';

/** Route parameters naming an account and one of its users. */
export class AccountUserParamsDto {
  /** The bot account id. */
  @ApiProperty({ example: 'b0f5860fdecb@im.bot', pattern: ACCOUNT_ID_PATTERN.source })
  @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId must look like <id>@im.bot' })
  accountId!: string;

  /** The WeChat user id. */
  @ApiProperty({ example: 'o9cq80abc@im.wechat', pattern: USER_ID_PATTERN.source })
  @Matches(USER_ID_PATTERN, { message: 'userId must look like <id>@im.wechat' })
  userId!: string;
}
