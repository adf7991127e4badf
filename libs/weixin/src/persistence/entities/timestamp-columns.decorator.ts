import { Column, type ColumnOptions, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** A `timestamptz` column `name`, read as a `Date`. */
export function TimestampColumn(
  name: string,
  options: Pick<ColumnOptions, 'nullable' | 'default'> = {},
): PropertyDecorator {
  return Column({ name, type: 'timestamptz', ...options });
}

/** `created_at`: the row's creation time, set by TypeORM on insert. */
export function CreatedAtColumn(): PropertyDecorator {
  return CreateDateColumn({ name: 'created_at', type: 'timestamptz' });
}

/** `updated_at`: the row's last change, set by TypeORM on every save. */
export function UpdatedAtColumn(): PropertyDecorator {
  return UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' });
}
