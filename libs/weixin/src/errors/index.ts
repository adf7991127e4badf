export * from './weixin.error.js';
export * from './redact-secrets.js';
