import { WeixinConfigError } from '../errors/weixin-config.error.js';
import { OptionsMessages as M } from './options.messages.js';

/**
 * Throws the `WeixinConfigError` that names the fix when an opt-in module (admin, health,
 * metrics) is booted without a global `WeixinModule`: its constructor receives the core's
 * options through an optional injection, which is `undefined` then. Runs before the module's
 * providers, so the app sees this error instead of Nest's unresolved-dependency error.
 */
export function requireGlobalWeixin(coreOptions: unknown, module: string): void {
  if (coreOptions === undefined || coreOptions === null) {
    throw new WeixinConfigError(M.coreMissing(module));
  }
}
