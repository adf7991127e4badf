import type { IlinkEndpoint } from '../protocol/ilink-endpoints.js';
import { IlinkClientMessages } from './errors/ilink-client.messages.js';
import { IlinkMalformedResponseError } from './errors/ilink-malformed-response.error.js';

/** A non-empty string field of an answer, else `undefined`. */
export function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The error of an answer without a field the endpoint must send. */
export function missingField(endpoint: IlinkEndpoint, field: string): IlinkMalformedResponseError {
  const message = IlinkClientMessages.missingField({ endpoint }, field);
  return new IlinkMalformedResponseError({ endpoint, reason: 'missing-field', message });
}
