import { CreateDateColumn, UpdateDateColumn } from 'typeorm';
import { columnOf } from './value-columns.decorator.js';

/** A `timestamptz` column, read as a `Date`. */
export const TimestampColumn = columnOf('timestamptz');

/** `created_at`: the row's creation time, set by TypeORM on insert. */
export function CreatedAtColumn(): PropertyDecorator {
  return CreateDateColumn({ name: 'created_at', type: 'timestamptz' });
}

/** `updated_at`: the row's last change, set by TypeORM on every save. */
export function UpdatedAtColumn(): PropertyDecorator {
  return UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' });
}
