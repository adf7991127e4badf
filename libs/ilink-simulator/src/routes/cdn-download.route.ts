import { pipeline } from 'node:stream/promises';
import { applyFault } from '../http/apply-fault.js';
import { type RequestContext } from '../http/request-context.js';
import { sendText } from '../http/reply.js';

/**
 * `GET c2c/download?encrypted_query_param=…` (protocol §12.5): streams the stored object as the CDN
 * serves it (ciphertext; plain bytes for key-less inbound images). Unknown parameter → 404; an
 * `Authorization` header → 400 (§12.5: the download carries no auth).
 */
export async function handleDownload(ctx: RequestContext): Promise<void> {
  const { req, res, state, url } = ctx;
  const blob = state.media.get(url.searchParams.get('encrypted_query_param') ?? '');
  if (await applyFault(ctx, blob?.botId)) return;
  if (req.method !== 'GET') {
    sendText(res, 405, `method ${req.method ?? ''} not allowed`);
    return;
  }
  if (req.headers.authorization !== undefined) {
    const message = 'Authorization must not be sent to the CDN';
    sendText(res, 400, message, { 'x-error-message': message });
    return;
  }
  if (!blob) {
    sendText(res, 404, 'unknown encrypted_query_param', {
      'x-error-message': 'unknown encrypted_query_param',
    });
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(blob.servedSize),
  });
  try {
    await pipeline(state.media.openServed(blob), res);
  } catch {
    res.destroy();
  }
}
