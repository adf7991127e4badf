import type { IncomingHttpHeaders } from 'node:http';

/** The first value of a response header (names are lower-case), or `undefined` when absent/empty. */
export function responseHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.trim() ? first.trim() : undefined;
}
