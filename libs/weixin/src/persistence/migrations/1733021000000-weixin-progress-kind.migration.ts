import type { MigrationInterface, QueryRunner } from 'typeorm';

const CHECK = 'ck_weixin_delivery_kind';

/** The kinds `ck_weixin_delivery_kind` accepts now (read from the catalog: other migrations add kinds too). */
async function currentKinds(queryRunner: QueryRunner): Promise<string[]> {
  const rows = (await queryRunner.query(
    `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
     WHERE c.conname = $1 AND c.conrelid = 'weixin_delivery'::regclass`,
    [CHECK],
  )) as { def: string }[];
  const def = rows[0]?.def ?? '';
  return [...def.matchAll(/'([a-z0-9_-]+)'/g)].map((m) => m[1]!);
}

async function replaceCheck(queryRunner: QueryRunner, kinds: string[]): Promise<void> {
  const list = kinds.map((k) => `'${k}'`).join(', ');
  await queryRunner.query(`ALTER TABLE weixin_delivery DROP CONSTRAINT IF EXISTS ${CHECK}`);
  await queryRunner.query(
    `ALTER TABLE weixin_delivery ADD CONSTRAINT ${CHECK} CHECK (kind IN (${list}))`,
  );
}

/**
 * Lets `weixin_delivery` hold progress items (`kind = 'progress'`: tool-call items 11/12,
 * protocol §9.5). The kinds already accepted are kept, whatever earlier migrations added. `down`
 * deletes the progress records and removes the kind.
 */
export class WeixinProgressKind1733021000000 implements MigrationInterface {
  /** The migration's name in TypeORM's migrations table. */
  name = 'WeixinProgressKind1733021000000';

  /** Adds `progress` to the accepted kinds. */
  async up(queryRunner: QueryRunner): Promise<void> {
    const kinds = await currentKinds(queryRunner);
    if (kinds.includes('progress')) return;
    await replaceCheck(queryRunner, [...kinds, 'progress']);
  }

  /** Deletes progress records and removes the kind. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM weixin_delivery WHERE kind = 'progress'`);
    const kinds = (await currentKinds(queryRunner)).filter((k) => k !== 'progress');
    await replaceCheck(queryRunner, kinds);
  }
}
