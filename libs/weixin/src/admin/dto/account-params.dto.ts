import { AccountIdField } from './id-fields.decorator.js';

/** Route parameters naming an account. */
export class AccountParamsDto {
  /** The bot account id. */
  @AccountIdField()
  accountId!: string;
}
