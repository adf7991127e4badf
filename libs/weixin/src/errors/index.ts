export * from './weixin.error.js';
export type * from './weixin-error-code.js';
export * from './redact-secrets.js';
