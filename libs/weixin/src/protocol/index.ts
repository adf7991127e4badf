export * from './enums.js';
export type * from './wire.types.js';
export * from './lossless-json.js';
export * from './client-version.js';
export * from './wechat-uin.js';
export * from './bot-agent.js';
export * from './ilink-endpoints.js';
