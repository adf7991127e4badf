/**
 * `get_updates_buf`: base64 of a position in a bot's inbound stream. The position is the `seq` of
 * the last message delivered; the epoch ties the cursor to one incarnation of the bot.
 */

const PREFIX = 'ilinksim1';

/** Encodes the cursor for `seq` of the bot incarnation `epoch`. */
export function encodeCursor(epoch: string, seq: number): string {
  return Buffer.from(`${PREFIX}|${epoch}|${seq}`, 'utf8').toString('base64');
}

/** A decoded cursor, or undefined when `value` is not one the simulator issued. */
export function decodeCursor(value: string): { epoch: string; seq: number } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const match = /^ilinksim1\|([0-9a-f]+)\|(\d{1,15})$/.exec(
    Buffer.from(value, 'base64').toString('utf8'),
  );
  return match ? { epoch: match[1], seq: Number(match[2]) } : undefined;
}
