import { Readable } from 'node:stream';

/**
 * Reads the first `bytes` bytes of a stream (fewer when it is shorter) and answers them with a
 * stream that yields everything, those bytes included. Destroying the answer destroys `source`.
 */
export async function peekStream(
  source: Readable,
  bytes: number,
): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const read: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    read.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(read);
  const rest = async function* (): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      if (!source.destroyed && !source.readableEnded) source.destroy();
    }
  };
  return { head: head.subarray(0, bytes), stream: Readable.from(rest(), { objectMode: false }) };
}
