import { AccountIdField, UserIdField } from './id-fields.decorator.js';

/** Route parameters naming an account and one of its users. */
export class AccountUserParamsDto {
  /** The bot account id. */
  @AccountIdField()
  accountId!: string;

  /** The WeChat user id. */
  @UserIdField()
  userId!: string;
}
