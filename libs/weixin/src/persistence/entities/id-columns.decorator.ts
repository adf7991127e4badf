import { PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The `text` primary key `name` of `table` (primary key `pk_<table>`). */
export function TextIdColumn(table: string, name = 'id'): PropertyDecorator {
  return PrimaryColumn({ name, type: 'text', primaryKeyConstraintName: `pk_${table}` });
}

/**
 * The generated `bigint` row id of `table` (primary key `pk_<table>`), read as a decimal string
 * so that no id loses digits.
 */
export function BigintIdColumn(table: string): PropertyDecorator {
  return PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: `pk_${table}` });
}
