import type { Readable, Transform } from 'node:stream';

/**
 * Pipes `source` into `transform` and answers `transform`: an error of `source` fails it, and
 * destroying it (or its end) destroys `source`, which releases files and connections.
 */
export function chain<T extends Transform>(source: Readable, transform: T): T {
  source.once('error', (error) => transform.destroy(error));
  transform.once('close', () => {
    if (!source.destroyed) source.destroy();
  });
  source.pipe(transform);
  return transform;
}
