import type { IlinkAccount } from '../client/index.js';
import type { StoredAccount } from '../persistence/index.js';

/**
 * The client reference of a stored account. An account without its own base URLs uses the
 * client's (the module's `baseUrl` / `cdnBaseUrl`).
 */
export function toIlinkAccount(stored: StoredAccount): IlinkAccount {
  return {
    accountId: stored.id,
    token: stored.token,
    baseUrl: stored.baseUrl ?? undefined,
    cdnBaseUrl: stored.cdnBaseUrl ?? undefined,
  };
}
