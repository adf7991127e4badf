import { ILINK_TYPING_CHANNEL } from '../weixin.constants.js';
import type {
  CustomerServiceTypingChannelOptions,
  NxcloudTypingChannelOptions,
  WeixinTypingChannelsOptions,
} from '../interfaces/typing-channels-options.interface.js';
import { OptionsMessages as M } from './options.messages.js';

function text(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function httpUrl(v: unknown): boolean {
  try {
    const u = new URL(String(v));
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Validates `typing.channels`, adding each invalid field to `problems`. */
export function resolveTypingChannels(
  input: WeixinTypingChannelsOptions | undefined,
  problems: string[],
): Required<WeixinTypingChannelsOptions> {
  const names = new Set<string>([ILINK_TYPING_CHANNEL]);
  const name = (field: string, v: unknown): void => {
    if (!text(v)) problems.push(M.required(`${field}.name`, 'give the channel a name'));
    else if (names.has(v)) problems.push(M.duplicateChannel(v));
    else names.add(v);
  };
  const cs = (input?.customerService ?? []).map((c: CustomerServiceTypingChannelOptions, i) => {
    const f = `typing.channels.customerService[${i}]`;
    name(f, c?.name);
    if (!text(c?.appId)) problems.push(M.required(`${f}.appId`, 'give the AppID'));
    if (c?.kind !== 'official-account' && c?.kind !== 'mini-program') {
      problems.push(M.oneOf(`${f}.kind`, ['official-account', 'mini-program'], c?.kind));
    }
    if (c?.accessToken === undefined && !text(c?.appSecret)) {
      problems.push(M.required(`${f}.appSecret`, 'give the AppSecret or an accessToken provider'));
    }
    if (c?.accessToken !== undefined && typeof c.accessToken !== 'function') {
      problems.push(M.required(`${f}.accessToken`, 'give a function answering the token'));
    }
    const endpoint = c?.tokenEndpoint ?? 'stable_token';
    if (endpoint !== 'token' && endpoint !== 'stable_token') {
      problems.push(M.oneOf(`${f}.tokenEndpoint`, ['token', 'stable_token'], endpoint));
    }
    if (c?.baseUrl !== undefined && !httpUrl(c.baseUrl))
      problems.push(M.url(`${f}.baseUrl`, c.baseUrl));
    return { ...c, tokenEndpoint: endpoint };
  });
  const nx = (input?.nxcloud ?? []).map((c: NxcloudTypingChannelOptions, i) => {
    const f = `typing.channels.nxcloud[${i}]`;
    name(f, c?.name);
    for (const key of ['accessKey', 'accessSecret', 'appKey', 'businessPhone'] as const) {
      if (!text(c?.[key])) problems.push(M.required(`${f}.${key}`, 'give the value from NXCloud'));
    }
    const algorithm = c?.algorithm ?? 'md5';
    if (algorithm !== 'md5' && algorithm !== 'sha256') {
      problems.push(M.oneOf(`${f}.algorithm`, ['md5', 'sha256'], algorithm));
    }
    if (c?.baseUrl !== undefined && !httpUrl(c.baseUrl))
      problems.push(M.url(`${f}.baseUrl`, c.baseUrl));
    return { ...c, algorithm };
  });
  return { customerService: cs, nxcloud: nx };
}
