import { Column, type ColumnOptions, type ColumnType } from 'typeorm';

/** A column decorator of one Postgres type: the column `name`, and the variant that takes null. */
export interface ValueColumn {
  /** The column `name`, not null, with its `default` if given. */
  (name: string, options?: Pick<ColumnOptions, 'default'>): PropertyDecorator;
  /** The column `name`, null allowed (no value yet, or none). */
  nullable(name: string): PropertyDecorator;
}

/** The column decorator of `type`. */
export function columnOf(type: ColumnType): ValueColumn {
  const column = (name: string, options: Pick<ColumnOptions, 'default'> = {}): PropertyDecorator =>
    Column({ name, type, ...options });
  return Object.assign(column, {
    nullable: (name: string): PropertyDecorator => Column({ name, type, nullable: true }),
  });
}

/** A `text` column. */
export const TextColumn = columnOf('text');

/** An `integer` column (counts, positions, small numbers). */
export const IntegerColumn = columnOf('integer');

/** A `bigint` column, read as a decimal string so that no value loses digits. */
export const BigintColumn = columnOf('bigint');

/** A `boolean` column. */
export const BooleanColumn = columnOf('boolean');

/** A `jsonb` column. */
export const JsonbColumn = columnOf('jsonb');
