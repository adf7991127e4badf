import { SqlMigration } from './sql-migration.base.js';

const UP = [
  `CREATE TABLE weixin_delivery (
    id bigserial NOT NULL,
    account_id text NOT NULL,
    user_id text NOT NULL,
    seq integer NOT NULL,
    kind text NOT NULL,
    state text NOT NULL,
    text text NULL,
    item jsonb NULL,
    part integer NOT NULL DEFAULT 1,
    parts integer NOT NULL DEFAULT 1,
    idempotency_key text NULL,
    client_id text NOT NULL,
    server_message_id text NULL,
    ret integer NULL,
    errmsg text NULL,
    reason text NULL,
    cause text NULL,
    attempts integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NULL,
    CONSTRAINT pk_weixin_delivery PRIMARY KEY (id),
    CONSTRAINT fk_weixin_delivery_account FOREIGN KEY (account_id)
      REFERENCES weixin_account (id) ON DELETE CASCADE,
    CONSTRAINT ck_weixin_delivery_state CHECK (state IN
      ('queued', 'sending', 'accepted', 'rejected', 'unknown', 'expired', 'cancelled')),
    CONSTRAINT ck_weixin_delivery_kind CHECK (kind IN ('text', 'image', 'video', 'file'))
  )`,
  `CREATE UNIQUE INDEX uq_weixin_delivery_idempotency
    ON weixin_delivery (account_id, idempotency_key, seq) WHERE idempotency_key IS NOT NULL`,
  `CREATE INDEX ix_weixin_delivery_outbox
    ON weixin_delivery (account_id, user_id, id) WHERE state = 'queued'`,
  `CREATE INDEX ix_weixin_delivery_expiry ON weixin_delivery (expires_at) WHERE state = 'queued'`,
  `CREATE INDEX ix_weixin_delivery_sending ON weixin_delivery (updated_at) WHERE state = 'sending'`,
  `CREATE INDEX ix_weixin_delivery_user ON weixin_delivery (account_id, user_id, id)`,
  `CREATE TABLE weixin_send_breaker (
    account_id text NOT NULL,
    open_until timestamptz NOT NULL,
    reason text NULL,
    opened integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_weixin_send_breaker PRIMARY KEY (account_id),
    CONSTRAINT fk_weixin_send_breaker_account FOREIGN KEY (account_id)
      REFERENCES weixin_account (id) ON DELETE CASCADE
  )`,
];

const DOWN = ['DROP TABLE weixin_send_breaker', 'DROP TABLE weixin_delivery'];

/**
 * Creates the outbound tables: `weixin_delivery` (one row per outbound message, the outbox being
 * its `queued` rows) and `weixin_send_breaker` (the per-account `ret -2` breaker). `down` drops
 * them.
 */
export class WeixinOutbound1732300000000 extends SqlMigration('WeixinOutbound1732300000000', {
  up: UP,
  down: DOWN,
}) {}
