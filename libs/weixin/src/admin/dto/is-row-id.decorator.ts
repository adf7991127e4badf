import { ValidateBy, type ValidationOptions } from 'class-validator';
import { ROW_ID_PATTERN } from './id-patterns.js';

/** The largest row id: Postgres `bigint` holds at most 2^63 - 1. */
export const MAX_ROW_ID = 9_223_372_036_854_775_807n;

/** Whether `value` is a row id: a positive decimal integer within the `bigint` range. */
export function isRowId(value: unknown): value is string {
  return typeof value === 'string' && ROW_ID_PATTERN.test(value) && BigInt(value) <= MAX_ROW_ID;
}

/**
 * A row id (bigint) given as a decimal string: 1 to 9223372036854775807, so that an id beyond
 * the range answers 400 instead of failing in Postgres.
 */
export function IsRowId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRowId',
      validator: {
        validate: (value: unknown) => isRowId(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'the id'} must be a positive integer of at most ${MAX_ROW_ID}`,
      },
    },
    options,
  );
}
