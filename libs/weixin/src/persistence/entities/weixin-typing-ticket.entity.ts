import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { WeixinAccountEntity } from './weixin-account.entity.js';

/** The `getconfig` typing ticket of one user of one account (`weixin_typing_ticket`). */
@Entity({ name: 'weixin_typing_ticket' })
export class WeixinTypingTicketEntity {
  /** The account id. */
  @PrimaryColumn({
    name: 'account_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_typing_ticket',
  })
  @ForeignKey(() => WeixinAccountEntity, {
    name: 'fk_weixin_typing_ticket_account',
    onDelete: 'CASCADE',
  })
  accountId!: string;

  /** The WeChat user id. */
  @PrimaryColumn({
    name: 'user_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_weixin_typing_ticket',
  })
  userId!: string;

  /** The `typing_ticket` (secret; never logged). */
  @Column({ name: 'ticket', type: 'text' })
  ticket!: string;

  /** When `getconfig` answered it (database clock). */
  @Column({ name: 'fetched_at', type: 'timestamptz' })
  fetchedAt!: Date;

  /** When it stops being used (`fetched_at` + `typing.ticketTtlMs`). */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
