import { tmpdir } from 'node:os';
import type { WeixinMediaOptions } from '../interfaces/weixin-media-options.interface.js';
import { OptionsMessages as M } from './options.messages.js';
import type { ResolvedMediaOptions } from './resolved-options.js';
import { WEIXIN_MODULE_DEFAULTS } from './weixin-module.defaults.js';

const D = WEIXIN_MODULE_DEFAULTS.media;

/** Applies the defaults of `WeixinMediaOptions`, adding each invalid field to `problems`. */
export function resolveMediaOptions(
  m: WeixinMediaOptions,
  int: (field: string, value: number | undefined, dflt: number) => number,
  problems: string[],
): ResolvedMediaOptions {
  const hosts = m.allowedSourceHosts ?? D.allowedSourceHosts;
  if (!Array.isArray(hosts) || hosts.some((h) => typeof h !== 'string' || h.trim() === '')) {
    problems.push(M.required('media.allowedSourceHosts', 'give a list of host names'));
  }
  if (m.tempDir !== undefined && (typeof m.tempDir !== 'string' || m.tempDir === '')) {
    problems.push(M.required('media.tempDir', 'give a folder path'));
  }
  const decodeVoice = m.decodeVoice ?? D.decodeVoice;
  if (typeof decodeVoice !== 'boolean') problems.push(M.boolean('media.decodeVoice', decodeVoice));
  return {
    maxUploadBytes: int('media.maxUploadBytes', m.maxUploadBytes, D.maxUploadBytes),
    maxDownloadBytes: int('media.maxDownloadBytes', m.maxDownloadBytes, D.maxDownloadBytes),
    allowedSourceHosts: Array.isArray(hosts) ? [...hosts] : [],
    tempDir: m.tempDir || tmpdir(),
    sourceTimeoutMs: int('media.sourceTimeoutMs', m.sourceTimeoutMs, D.sourceTimeoutMs),
    decodeVoice,
  };
}
