import { AccountIdField, UserIdField } from './id-fields.decorator.js';
import { PageQueryDto } from './page-query.dto.js';

/** Query of `GET dead-letters` (one page; 50 entries by default). */
export class DeadLetterQueryDto extends PageQueryDto {
  /** Only this account's dead letters. */
  @AccountIdField({ optional: true })
  accountId?: string;

  /** Only this user's dead letters. */
  @UserIdField({ optional: true })
  userId?: string;
}
