import { Entity, Index, PrimaryColumn } from 'typeorm';
import { TextIdColumn } from './id-columns.decorator.js';
import { BooleanColumn } from './value-columns.decorator.js';

/**
 * An inbox row still open (`weixin_inbox_open`): pending, or dead and waiting for a replay. Kept
 * by triggers on `weixin_inbox` (see `WeixinInboxOpen1733040000000`), never written by the
 * library's statements, so that a done mark changes nothing indexed in `weixin_inbox`. No foreign
 * key: the delete trigger removes a row with its inbox row, and a key would add a check to every
 * stored message.
 */
@Entity({ name: 'weixin_inbox_open' })
@Index('ix_weixin_inbox_open_dead', ['id'], { where: 'dead' })
export class WeixinInboxOpenEntity {
  /** The account id. */
  @TextIdColumn('weixin_inbox_open', 'account_id')
  accountId!: string;

  /** The `weixin_inbox` row id, a bigint as a decimal string. */
  @PrimaryColumn({ name: 'id', type: 'bigint', primaryKeyConstraintName: 'pk_weixin_inbox_open' })
  id!: string;

  /** Whether the row is dead (else pending). */
  @BooleanColumn('dead', { default: false })
  dead!: boolean;
}
