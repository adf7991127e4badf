import type { QueryRunner } from 'typeorm';

/** The statements of a migration: each direction runs its list in order, one query each. */
export interface SqlMigrationStatements {
  /** What `up` runs. */
  readonly up: readonly string[];
  /** What `down` runs. */
  readonly down: readonly string[];
}

/** A migration instance as TypeORM runs it: its `name` in the migrations table, `up` and `down`. */
export interface NamedMigration {
  /** The migration's name in TypeORM's migrations table. */
  name: string;
  /** Runs the `up` statements. */
  up(queryRunner: QueryRunner): Promise<void>;
  /** Runs the `down` statements. */
  down(queryRunner: QueryRunner): Promise<void>;
}

/**
 * The base class of a migration that only runs fixed SQL: `name` is the migration's name in
 * TypeORM's migrations table (never to be changed once released), `up` and `down` send their
 * statements through the query runner one after the other.
 */
export function SqlMigration(
  name: string,
  statements: SqlMigrationStatements,
): new () => NamedMigration {
  return class implements NamedMigration {
    name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      for (const sql of statements.up) await queryRunner.query(sql);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      for (const sql of statements.down) await queryRunner.query(sql);
    }
  };
}
