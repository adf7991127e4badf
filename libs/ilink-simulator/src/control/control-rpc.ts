import { type SimulatorControl } from '../interfaces/simulator-control.types.js';

/** Every `SimulatorControl` method name; the HTTP control API is `POST /_control/<name>`. */
export const CONTROL_METHODS = [
  'addBot',
  'expireSession',
  'sendText',
  'sendImage',
  'sendFile',
  'sendVoice',
  'sendVideo',
  'redeliver',
  'sent',
  'quota',
  'typing',
  'uploads',
  'readUpload',
  'pollers',
  'calls',
  'fault',
  'clearFaults',
  'scriptQrLogin',
  'setVoiceOut',
  'advanceClock',
  'now',
  'reset',
] as const satisfies readonly (keyof SimulatorControl)[];

/** A control method name. */
export type ControlMethod = (typeof CONTROL_METHODS)[number];

/** True when `name` is a control method. */
export function isControlMethod(name: string): name is ControlMethod {
  return (CONTROL_METHODS as readonly string[]).includes(name);
}

/** How bytes travel in control JSON: `{ "$base64": "…" }`. */
interface TaggedBytes {
  $base64: string;
}

function isTaggedBytes(value: unknown): value is TaggedBytes {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length === 1 &&
    typeof (value as { $base64?: unknown }).$base64 === 'string'
  );
}

/**
 * `value` with every part `swap` answers a replacement for replaced; arrays and objects are
 * rebuilt around the parts `swap` leaves (answers `undefined` for).
 */
function replaceDeep(value: unknown, swap: (part: unknown) => unknown): unknown {
  const swapped = swap(value);
  if (swapped !== undefined) return swapped;
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, swap));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) out[key] = replaceDeep(member, swap);
    return out;
  }
  return value;
}

/** Replaces every Buffer/Uint8Array in `value` with `{ $base64 }` (for JSON). */
export function encodeControlValue(value: unknown): unknown {
  return replaceDeep(value, (part) =>
    part instanceof Uint8Array ? { $base64: Buffer.from(part).toString('base64') } : undefined,
  );
}

/** Replaces every `{ $base64 }` in `value` with a Buffer. */
export function decodeControlValue(value: unknown): unknown {
  return replaceDeep(value, (part) =>
    isTaggedBytes(part) ? Buffer.from(part.$base64, 'base64') : undefined,
  );
}
