import { SqlMigration } from './sql-migration.base.js';

const UP = [
  'ALTER TABLE weixin_delivery DROP CONSTRAINT ck_weixin_delivery_kind',
  `ALTER TABLE weixin_delivery ADD CONSTRAINT ck_weixin_delivery_kind
    CHECK (kind IN ('text', 'image', 'video', 'file', 'voice'))`,
  'ALTER TABLE weixin_user_context ADD COLUMN reminded_for timestamptz NULL',
  'CREATE INDEX ix_weixin_user_context_received ON weixin_user_context (received_at)',
];

const DOWN = [
  'DROP INDEX ix_weixin_user_context_received',
  'ALTER TABLE weixin_user_context DROP COLUMN reminded_for',
  `DELETE FROM weixin_delivery WHERE kind = 'voice'`,
  'ALTER TABLE weixin_delivery DROP CONSTRAINT ck_weixin_delivery_kind',
  `ALTER TABLE weixin_delivery ADD CONSTRAINT ck_weixin_delivery_kind
    CHECK (kind IN ('text', 'image', 'video', 'file'))`,
];

/**
 * Native voice out and the window reminder: `weixin_delivery.kind` accepts `voice`;
 * `weixin_user_context.reminded_for` holds the `received_at` whose window-closing reminder was
 * emitted (one replica claims each reminder), found through an index on `received_at`. `down`
 * deletes voice deliveries and drops the column and the index.
 */
export class WeixinVoiceReminder1733010000000 extends SqlMigration(
  'WeixinVoiceReminder1733010000000',
  { up: UP, down: DOWN },
) {}
