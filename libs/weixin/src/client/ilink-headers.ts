import { ILINK_APP_ID, ILINK_AUTHORIZATION_TYPE } from '../protocol/ilink-endpoints.js';
import { randomWechatUin } from '../protocol/wechat-uin.js';

/** What the iLink headers depend on besides the token. */
export interface IlinkHeaderSettings {
  /** Packed `iLink-App-ClientVersion` value. */
  clientVersion: string;
  routeTag?: string;
}

/** Headers of the QR status `GET`: app id, client version, optional route tag (protocol §3.1). */
export function buildGetHeaders(settings: IlinkHeaderSettings): Record<string, string> {
  const headers: Record<string, string> = {
    'iLink-App-Id': ILINK_APP_ID,
    'iLink-App-ClientVersion': settings.clientVersion,
  };
  if (settings.routeTag) headers['SKRouteTag'] = settings.routeTag;
  return headers;
}

/**
 * Headers of a JSON `POST` (protocol §3.1): content type, authorization type, a fresh
 * `X-WECHAT-UIN`, app id, client version, optional route tag, and `Authorization: Bearer` when a
 * token is given (trimmed).
 */
export function buildPostHeaders(
  settings: IlinkHeaderSettings,
  token?: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    AuthorizationType: ILINK_AUTHORIZATION_TYPE,
    'X-WECHAT-UIN': randomWechatUin(),
    ...buildGetHeaders(settings),
  };
  const trimmed = token?.trim();
  if (trimmed) headers['Authorization'] = `Bearer ${trimmed}`;
  return headers;
}
