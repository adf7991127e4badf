/** The deepest nesting of arrays and objects an admin body, query or parameter set may have. */
export const MAX_INPUT_DEPTH = 32;

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether `value` nests arrays and plain objects more than `max` levels deep (the value itself
 * is level 1). Walks without recursion, so a hostile depth cannot overflow the stack here; other
 * objects (Buffers, files) are not entered.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, level] = stack.pop()!;
    if (!isContainer(current)) continue;
    if (level > max) return true;
    for (const inner of Object.values(current)) {
      if (isContainer(inner)) stack.push([inner, level + 1]);
    }
  }
  return false;
}
