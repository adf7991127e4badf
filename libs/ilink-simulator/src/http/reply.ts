import { type ServerResponse } from 'node:http';
import { stringifyWire, type WireJson } from '../protocol/uint64-json.js';

/** True when nothing can be written to `res` any more. */
export function isGone(res: ServerResponse): boolean {
  return res.writableEnded || res.destroyed;
}

function send(
  res: ServerResponse,
  status: number,
  body: Buffer,
  contentType: string,
  headers: Record<string, string>,
): void {
  if (isGone(res)) return;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(body.length),
    ...headers,
  });
  res.end(body);
}

/** Answers `value` as JSON (bigints as bare numbers). No-op when the response is gone. */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: WireJson,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(stringifyWire(value), 'utf8');
  send(res, status, body, 'application/json; charset=utf-8', headers);
}

/** Answers a text body. No-op when the response is gone. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, Buffer.from(text, 'utf8'), 'text/plain; charset=utf-8', headers);
}

/** The iLink application-level error envelope (always HTTP 200 on the real server). */
export function ilinkError(ret: number, errmsg: string): WireJson {
  return ret === -14 ? { ret, errcode: ret, errmsg } : { ret, errmsg };
}
