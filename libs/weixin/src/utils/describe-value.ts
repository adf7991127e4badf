/** Short description of a value for error texts: its type, and a preview for primitives. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof RegExp) return `the RegExp ${String(value)}`;
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `the ${typeof value} ${String(value)}`;
    case 'object': {
      const name = Object.getPrototypeOf(value)?.constructor?.name as string | undefined;
      return name && name !== 'Object' ? `an instance of ${name}` : 'an object';
    }
    default:
      return typeof value;
  }
}
