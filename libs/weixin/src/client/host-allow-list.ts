import { IlinkClientMessages } from './errors/ilink-client.messages.js';
import { WeixinHostNotAllowedError } from './errors/weixin-host-not-allowed.error.js';

interface HostRule {
  /** Lower-case host name, or the suffix (with its leading dot) of a wildcard. */
  host: string;
  wildcard: boolean;
  /** Port as text; `undefined` matches every port. */
  port?: string;
}

function normalizeHostName(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

function parseRule(entry: string): HostRule {
  const text = entry.trim().toLowerCase();
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(text);
  const host = match ? match[1]! : text;
  const port = match?.[2];
  if (host.startsWith('*.'))
    return { host: normalizeHostName(host.slice(1)), wildcard: true, port };
  return { host: normalizeHostName(host), wildcard: false, port };
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : protocol === 'http:' ? '80' : '';
}

/** Decides which hosts the client may contact; see `IlinkClientOptions.allowedHosts`. */
export class HostAllowList {
  private readonly rules: HostRule[];

  constructor(private readonly entries: readonly string[]) {
    this.rules = entries.map(parseRule);
  }

  /** Whether the URL's scheme is http(s) and its host matches an entry. */
  allows(url: URL): boolean {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const host = normalizeHostName(url.hostname);
    const port = url.port || defaultPort(url.protocol);
    return this.rules.some(
      (rule) =>
        (rule.port === undefined || rule.port === port) &&
        (rule.wildcard
          ? host.endsWith(rule.host) && host.length > rule.host.length
          : host === rule.host),
    );
  }

  /** Throws `WeixinHostNotAllowedError` unless {@link allows}. */
  assert(url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new WeixinHostNotAllowedError(
        url.protocol,
        this.entries,
        IlinkClientMessages.unsupportedScheme(url.protocol),
      );
    }
    if (!this.allows(url)) throw new WeixinHostNotAllowedError(url.host, this.entries);
  }
}
