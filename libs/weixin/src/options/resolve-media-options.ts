import { tmpdir } from 'node:os';
import type { WeixinMediaOptions } from '../interfaces/weixin-module-options.interface.js';
import { OptionsMessages as M } from './options.messages.js';
import type { ResolvedMediaOptions } from './resolved-options.js';

/** 100 MiB: the default upload and download limit. */
const MEDIA_LIMIT_BYTES = 100 * 1024 * 1024;

/** Applies the defaults of `WeixinMediaOptions`, adding each invalid field to `problems`. */
export function resolveMediaOptions(
  m: WeixinMediaOptions,
  int: (field: string, value: number | undefined, dflt: number) => number,
  problems: string[],
): ResolvedMediaOptions {
  const hosts = m.allowedSourceHosts ?? [];
  if (!Array.isArray(hosts) || hosts.some((h) => typeof h !== 'string' || h.trim() === '')) {
    problems.push(M.required('media.allowedSourceHosts', 'give a list of host names'));
  }
  if (m.tempDir !== undefined && (typeof m.tempDir !== 'string' || m.tempDir === '')) {
    problems.push(M.required('media.tempDir', 'give a folder path'));
  }
  const decodeVoice = m.decodeVoice ?? true;
  if (typeof decodeVoice !== 'boolean') problems.push(M.boolean('media.decodeVoice', decodeVoice));
  return {
    maxUploadBytes: int('media.maxUploadBytes', m.maxUploadBytes, MEDIA_LIMIT_BYTES),
    maxDownloadBytes: int('media.maxDownloadBytes', m.maxDownloadBytes, MEDIA_LIMIT_BYTES),
    allowedSourceHosts: Array.isArray(hosts) ? [...hosts] : [],
    tempDir: m.tempDir || tmpdir(),
    sourceTimeoutMs: int('media.sourceTimeoutMs', m.sourceTimeoutMs, 60_000),
    decodeVoice,
  };
}
