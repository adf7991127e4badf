import { Entity } from 'typeorm';
import { AccountIdPrimaryColumn, UserIdPrimaryColumn } from './account-user-key.decorator.js';
import { TimestampColumn } from './timestamp-columns.decorator.js';
import { TextColumn } from './value-columns.decorator.js';

/** The `getconfig` typing ticket of one user of one account (`weixin_typing_ticket`). */
@Entity({ name: 'weixin_typing_ticket' })
export class WeixinTypingTicketEntity {
  /** The account id. */
  @AccountIdPrimaryColumn('weixin_typing_ticket')
  accountId!: string;

  /** The WeChat user id. */
  @UserIdPrimaryColumn('weixin_typing_ticket')
  userId!: string;

  /** The `typing_ticket` (secret; never logged). */
  @TextColumn('ticket')
  ticket!: string;

  /** When `getconfig` answered it (database clock). */
  @TimestampColumn('fetched_at')
  fetchedAt!: Date;

  /** When it stops being used (`fetched_at` + `typing.ticketTtlMs`). */
  @TimestampColumn('expires_at')
  expiresAt!: Date;
}
