import type { FactoryProvider, InjectionToken, Type } from '@nestjs/common';
import { WeixinConfigError } from '../errors/weixin-config.error.js';
import { OptionsMessages as M } from './options.messages.js';

/** Reflect keys under which Nest records constructor dependencies (stable since Nest 4). */
const PARAMTYPES = 'design:paramtypes';
const SELF_DECLARED = 'self:paramtypes';
const OPTIONAL = 'optional:paramtypes';

/**
 * Provides `cls` (a service of an opt-in module that uses `WeixinModule`'s services) through a
 * factory whose every dependency is injected as optional: when one is missing — `WeixinModule`
 * is not imported, or not global — the boot stops with a `WeixinConfigError` that names the fix
 * instead of Nest's unresolved-dependency error.
 */
export function requiringGlobalWeixin<T>(cls: Type<T>, module: string): FactoryProvider<T> {
  const types = (Reflect.getMetadata(PARAMTYPES, cls) ?? []) as InjectionToken[];
  const declared = (Reflect.getMetadata(SELF_DECLARED, cls) ?? []) as {
    index: number;
    param: InjectionToken;
  }[];
  const optional = new Set((Reflect.getMetadata(OPTIONAL, cls) ?? []) as number[]);
  const tokens = types.map((type, i) => declared.find((d) => d.index === i)?.param ?? type);
  return {
    provide: cls,
    inject: tokens.map((token) => ({ token, optional: true })),
    useFactory: (...deps: unknown[]) => {
      if (deps.some((dep, i) => dep === undefined && !optional.has(i))) {
        throw new WeixinConfigError(M.coreMissing(module));
      }
      return new cls(...deps);
    },
  };
}
