import { Check, Entity, Index } from 'typeorm';
import { AccountIdPrimaryColumn, UserIdPrimaryColumn } from './account-user-key.decorator.js';
import { TimestampColumn, UpdatedAtColumn } from './timestamp-columns.decorator.js';
import { IntegerColumn, JsonbColumn, TextColumn } from './value-columns.decorator.js';

/** Where one user of one account is in a wizard (`weixin_conversation`). */
@Entity({ name: 'weixin_conversation' })
@Index('ix_weixin_conversation_expiry', ['expiresAt'])
@Check('ck_weixin_conversation_step', 'step > 0')
export class WeixinConversationEntity {
  /** The account id. */
  @AccountIdPrimaryColumn('weixin_conversation')
  accountId!: string;

  /** The WeChat user id. */
  @UserIdPrimaryColumn('weixin_conversation')
  userId!: string;

  /** The wizard id. */
  @TextColumn('scene')
  scene!: string;

  /** The step the user's next message goes to (1 for the first). */
  @IntegerColumn('step')
  step!: number;

  /** The wizard's JSON state. */
  @JsonbColumn('state')
  state!: Record<string, unknown>;

  /** When the wizard times out, by the database clock. */
  @TimestampColumn('expires_at')
  expiresAt!: Date;

  /** Last change. */
  @UpdatedAtColumn()
  updatedAt!: Date;
}
