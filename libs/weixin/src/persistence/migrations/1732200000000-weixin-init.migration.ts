import { SqlMigration } from './sql-migration.base.js';

const UP = [
  `CREATE TABLE weixin_account (
    id text NOT NULL,
    token_enc text NOT NULL,
    base_url text NULL,
    cdn_base_url text NULL,
    owner_user_id text NULL,
    state text NOT NULL DEFAULT 'active',
    "cursor" text NOT NULL DEFAULT '',
    last_poll_at timestamptz NULL,
    last_error text NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_weixin_account PRIMARY KEY (id),
    CONSTRAINT ck_weixin_account_state CHECK (state IN ('active', 'paused', 'needs_relogin'))
  )`,
  `CREATE TABLE weixin_lease (
    account_id text NOT NULL,
    owner text NOT NULL,
    epoch bigint NOT NULL,
    expires_at timestamptz NOT NULL,
    CONSTRAINT pk_weixin_lease PRIMARY KEY (account_id),
    CONSTRAINT fk_weixin_lease_account FOREIGN KEY (account_id)
      REFERENCES weixin_account (id) ON DELETE CASCADE
  )`,
  `CREATE INDEX ix_weixin_lease_owner ON weixin_lease (owner)`,
  `CREATE TABLE weixin_user_context (
    account_id text NOT NULL,
    user_id text NOT NULL,
    context_token text NOT NULL,
    received_at timestamptz NOT NULL,
    replies_used integer NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_weixin_user_context PRIMARY KEY (account_id, user_id),
    CONSTRAINT fk_weixin_user_context_account FOREIGN KEY (account_id)
      REFERENCES weixin_account (id) ON DELETE CASCADE
  )`,
  `CREATE TABLE weixin_inbox (
    id bigserial NOT NULL,
    account_id text NOT NULL,
    message_id text NOT NULL,
    fingerprint text NOT NULL,
    user_id text NOT NULL,
    seq bigint NULL,
    create_time_ms bigint NULL,
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    last_error text NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    handled_at timestamptz NULL,
    CONSTRAINT pk_weixin_inbox PRIMARY KEY (id),
    CONSTRAINT uq_weixin_inbox_message UNIQUE (account_id, message_id),
    CONSTRAINT uq_weixin_inbox_fingerprint UNIQUE (account_id, fingerprint),
    CONSTRAINT ck_weixin_inbox_status CHECK (status IN ('pending', 'done', 'dead'))
  )`,
  `CREATE INDEX ix_weixin_inbox_pending ON weixin_inbox (account_id, id) WHERE status = 'pending'`,
];

const DOWN = [
  'DROP TABLE weixin_inbox',
  'DROP TABLE weixin_user_context',
  'DROP TABLE weixin_lease',
  'DROP TABLE weixin_account',
];

/**
 * Creates the tables of nestjs-weixin: `weixin_account`, `weixin_lease`, `weixin_user_context`
 * and `weixin_inbox`. `down` drops them.
 */
export class WeixinInit1732200000000 extends SqlMigration('WeixinInit1732200000000', {
  up: UP,
  down: DOWN,
}) {}
