import { WeixinConfigError } from '../errors/weixin-config.error.js';
import { IlinkClientMessages } from './errors/ilink-client.messages.js';
import { WeixinHostNotAllowedError } from './errors/weixin-host-not-allowed.error.js';

interface HostRule {
  /** Normalized host name, or the suffix (with its leading dot) of a wildcard. */
  host: string;
  wildcard: boolean;
  /** Port as text; `undefined` matches every port. */
  port?: string;
  /** Only `https:` on port 443 (the built-in Tencent entries). */
  secureOnly: boolean;
}

/** An origin allowed exactly as configured (scheme, host, port). */
interface OriginRule {
  protocol: string;
  host: string;
  port: string;
}

/** Options of {@link HostAllowList}. */
export interface HostAllowListOptions {
  /** Base URLs whose origins are allowed exactly as configured (any scheme they use). */
  origins?: readonly URL[];
  /** Entries that allow only `https:` on port 443 when they appear in the list. */
  secureOnlyEntries?: readonly string[];
}

const ENTRY =
  /^(\*\.)?((?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

function normalizeHostName(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : protocol === 'http:' ? '80' : '';
}

/** Parses one `allowedHosts` entry, or throws `WeixinConfigError` naming it. */
function parseRule(entry: string, secureOnly: boolean): HostRule {
  const match = typeof entry === 'string' ? ENTRY.exec(entry.trim()) : null;
  const wildcard = match?.[1] !== undefined;
  const port = match?.[3];
  const invalid = (): WeixinConfigError =>
    new WeixinConfigError(IlinkClientMessages.invalidAllowedHost(String(entry)));
  if (!match || (wildcard && match[2]!.startsWith('['))) throw invalid();
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw invalid();
  let host: string;
  try {
    host = normalizeHostName(new URL(`http://${match[2]!}/`).hostname);
  } catch {
    throw invalid();
  }
  return {
    host: wildcard ? `.${host}` : host,
    wildcard,
    port: port === undefined ? undefined : String(Number(port)),
    secureOnly,
  };
}

/** Why {@link HostAllowList.check} refused a URL (`ok` when it did not). */
export type HostCheck = 'ok' | 'scheme' | 'credentials' | 'insecure' | 'host';

/**
 * Decides which hosts the client may contact; see `IlinkClientOptions.allowedHosts`. URLs with
 * user credentials are always refused.
 */
export class HostAllowList {
  private readonly rules: HostRule[];
  private readonly origins: OriginRule[];

  /** @throws WeixinConfigError when an entry is not `host[:port]` or `*.domain[:port]`. */
  constructor(
    private readonly entries: readonly string[],
    options: HostAllowListOptions = {},
  ) {
    const secure = new Set((options.secureOnlyEntries ?? []).map((e) => e.trim().toLowerCase()));
    this.rules = entries.map((entry) =>
      parseRule(entry, secure.has(String(entry).trim().toLowerCase())),
    );
    this.origins = (options.origins ?? []).map((url) => ({
      protocol: url.protocol,
      host: normalizeHostName(url.hostname),
      port: url.port || defaultPort(url.protocol),
    }));
  }

  /** Whether the URL may be contacted (see {@link check}). */
  allows(url: URL): boolean {
    return this.check(url) === 'ok';
  }

  /** Checks scheme, credentials, configured origins, then the entries. */
  check(url: URL): HostCheck {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'scheme';
    if (url.username !== '' || url.password !== '') return 'credentials';
    const host = normalizeHostName(url.hostname);
    const port = url.port || defaultPort(url.protocol);
    const sameOrigin = this.origins.some(
      (origin) => origin.protocol === url.protocol && origin.host === host && origin.port === port,
    );
    if (sameOrigin) return 'ok';
    let insecure = false;
    for (const rule of this.rules) {
      const hostMatches = rule.wildcard
        ? host.endsWith(rule.host) && host.length > rule.host.length
        : host === rule.host;
      if (!hostMatches || (rule.port !== undefined && rule.port !== port)) continue;
      if (!rule.secureOnly || (url.protocol === 'https:' && port === '443')) return 'ok';
      insecure = true;
    }
    return insecure ? 'insecure' : 'host';
  }

  /** Throws `WeixinHostNotAllowedError` unless {@link allows}. */
  assert(url: URL): void {
    switch (this.check(url)) {
      case 'ok':
        return;
      case 'scheme':
        throw new WeixinHostNotAllowedError(
          url.protocol,
          this.entries,
          IlinkClientMessages.unsupportedScheme(url.protocol),
        );
      case 'credentials':
        throw new WeixinHostNotAllowedError(
          url.host,
          this.entries,
          IlinkClientMessages.credentialsInUrl(url.host),
        );
      case 'insecure':
        throw new WeixinHostNotAllowedError(
          url.host,
          this.entries,
          IlinkClientMessages.insecureUrl(`${url.protocol}//${url.host}`),
        );
      case 'host':
        throw new WeixinHostNotAllowedError(url.host, this.entries);
    }
  }
}
