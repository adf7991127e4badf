import { SqlMigration, type SqlMigrationStatements } from './sql-migration.base.js';

/**
 * The open rows of `weixin_inbox` (pending and dead) kept in `weixin_inbox_open` by statement
 * triggers, one call per statement over its transition table, whoever writes the inbox: a row
 * stored or set back to pending is listed there (dead flagged), a row marked done or deleted
 * leaves it, and a truncate empties it.
 */
const TRIGGERS = [
  `CREATE FUNCTION weixin_inbox_open_insert() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     INSERT INTO weixin_inbox_open (account_id, id, dead)
     SELECT account_id, id, status = 'dead' FROM weixin_inbox_new WHERE status <> 'done'
     ORDER BY account_id, id;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION weixin_inbox_open_update() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     DELETE FROM weixin_inbox_open o USING weixin_inbox_new n
     WHERE n.status = 'done' AND o.account_id = n.account_id AND o.id = n.id;
     INSERT INTO weixin_inbox_open AS o (account_id, id, dead)
     SELECT account_id, id, status = 'dead' FROM weixin_inbox_new WHERE status <> 'done'
     ORDER BY account_id, id
     ON CONFLICT (account_id, id) DO UPDATE SET dead = EXCLUDED.dead
       WHERE o.dead <> EXCLUDED.dead;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION weixin_inbox_open_delete() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     DELETE FROM weixin_inbox_open o USING weixin_inbox_old d
     WHERE o.account_id = d.account_id AND o.id = d.id;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION weixin_inbox_open_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     TRUNCATE weixin_inbox_open;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER tr_weixin_inbox_open_insert AFTER INSERT ON weixin_inbox
     REFERENCING NEW TABLE AS weixin_inbox_new
     FOR EACH STATEMENT EXECUTE FUNCTION weixin_inbox_open_insert()`,
  `CREATE TRIGGER tr_weixin_inbox_open_update AFTER UPDATE ON weixin_inbox
     REFERENCING NEW TABLE AS weixin_inbox_new
     FOR EACH STATEMENT EXECUTE FUNCTION weixin_inbox_open_update()`,
  `CREATE TRIGGER tr_weixin_inbox_open_delete AFTER DELETE ON weixin_inbox
     REFERENCING OLD TABLE AS weixin_inbox_old
     FOR EACH STATEMENT EXECUTE FUNCTION weixin_inbox_open_delete()`,
  `CREATE TRIGGER tr_weixin_inbox_open_truncate AFTER TRUNCATE ON weixin_inbox
     FOR EACH STATEMENT EXECUTE FUNCTION weixin_inbox_open_truncate()`,
];

const STATEMENTS: SqlMigrationStatements = {
  up: [
    `CREATE TABLE weixin_inbox_open (
      account_id text NOT NULL,
      id bigint NOT NULL,
      dead boolean NOT NULL DEFAULT false,
      CONSTRAINT pk_weixin_inbox_open PRIMARY KEY (account_id, id)
    )`,
    'CREATE INDEX ix_weixin_inbox_open_dead ON weixin_inbox_open (id) WHERE dead',
    // The triggers first (they lock out writers until the commit when migrations run in a
    // transaction, as by default), then the rows already open.
    ...TRIGGERS,
    `INSERT INTO weixin_inbox_open (account_id, id, dead)
     SELECT account_id, id, status = 'dead' FROM weixin_inbox WHERE status <> 'done'
     ON CONFLICT DO NOTHING`,
    'DROP INDEX ix_weixin_inbox_pending',
    'DROP INDEX ix_weixin_inbox_handled',
    'DROP INDEX ix_weixin_inbox_dead',
    'CREATE INDEX ix_weixin_inbox_received ON weixin_inbox (received_at)',
    'ALTER TABLE weixin_inbox SET (fillfactor = 50)',
  ],
  down: [
    'ALTER TABLE weixin_inbox RESET (fillfactor)',
    'DROP INDEX ix_weixin_inbox_received',
    `CREATE INDEX ix_weixin_inbox_pending ON weixin_inbox (account_id, id) WHERE status = 'pending'`,
    `CREATE INDEX ix_weixin_inbox_handled ON weixin_inbox (handled_at) WHERE status = 'done'`,
    `CREATE INDEX ix_weixin_inbox_dead ON weixin_inbox (account_id, id) WHERE status = 'dead'`,
    'DROP TRIGGER tr_weixin_inbox_open_truncate ON weixin_inbox',
    'DROP TRIGGER tr_weixin_inbox_open_delete ON weixin_inbox',
    'DROP TRIGGER tr_weixin_inbox_open_update ON weixin_inbox',
    'DROP TRIGGER tr_weixin_inbox_open_insert ON weixin_inbox',
    'DROP FUNCTION weixin_inbox_open_truncate()',
    'DROP FUNCTION weixin_inbox_open_delete()',
    'DROP FUNCTION weixin_inbox_open_update()',
    'DROP FUNCTION weixin_inbox_open_insert()',
    'DROP TABLE weixin_inbox_open',
  ],
};

/**
 * Makes an inbox row's done mark an update Postgres applies in place (HOT): no index of
 * `weixin_inbox` names `status` or `handled_at` any more, and its pages are filled to half, so the
 * new version of a row fits beside the old one. Before, each done mark wrote the whole row again
 * with four new index entries.
 *
 * What the three partial indexes on `status` served moves elsewhere:
 * - pending and dead rows are listed in `weixin_inbox_open` (account, row id, dead flag, the dead
 *   ones also by id in `ix_weixin_inbox_open_dead`), kept by statement triggers on `weixin_inbox`
 *   from the existing rows on;
 * - retention finds handled rows through `ix_weixin_inbox_received` (`received_at` never changes,
 *   and a row is handled after it is received).
 *
 * `down` puts the partial indexes back and drops the rest. Pages written before `up` keep their
 * fill; later ones leave half free.
 */
export class WeixinInboxOpen1733040000000 extends SqlMigration(
  'WeixinInboxOpen1733040000000',
  STATEMENTS,
) {}
