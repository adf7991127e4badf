import { UserIdField } from './id-fields.decorator.js';
import { PageQueryDto } from './page-query.dto.js';

/** Query of `GET accounts/:accountId/outbox` (one page; 100 entries by default). */
export class OutboxQueryDto extends PageQueryDto {
  /** Only this user's entries. */
  @UserIdField({ optional: true })
  userId?: string;
}
