import { describeValue } from '../utils/describe-value.js';

const DECORATOR = '@OnWeixinMessage';

export const NOT_AN_INSTANCE_METHOD = (handler: string, decorator = DECORATOR) =>
  `${decorator} on ${handler}: the decorator only applies to instance methods. Move it to a non-static method.`;

export const INVALID_FILTER = (handler: string, value: unknown, decorator = DECORATOR) =>
  `${decorator} on ${handler}: the filter must be an object such as { kind: 'text' }, got ${describeValue(value)}.`;

export const UNKNOWN_FILTER_FIELD = (
  handler: string,
  field: string,
  accepted: readonly string[],
  decorator = DECORATOR,
) =>
  `${decorator} on ${handler}: unknown filter field "${field}". Accepted fields: ${accepted.join(', ')}.`;

export const INVALID_FILTER_FIELD = (
  handler: string,
  field: string,
  expected: string,
  value: unknown,
  decorator = DECORATOR,
) =>
  `${decorator} on ${handler}: filter field "${field}" must be ${expected}, got ${describeValue(value)}.`;

export const EMPTY_FILTER_LIST = (handler: string, field: string, decorator = DECORATOR) =>
  `${decorator} on ${handler}: filter field "${field}" is an empty list, which matches no message. Remove the field to match any value.`;

export const UNKNOWN_ITEM_KIND = (
  handler: string,
  kind: unknown,
  accepted: readonly string[],
  decorator = DECORATOR,
) =>
  `${decorator} on ${handler}: unknown kind ${typeof kind === 'string' ? `'${kind}'` : describeValue(kind)}. Accepted kinds: ${accepted.map((k) => `'${k}'`).join(', ')}.`;
