export * from './errors/index.js';
export * from './ilink-client.js';
export * from './ilink-client.options.js';
export * from './ilink-client.types.js';
export * from './ilink-client.defaults.js';
export { generateClientId, CLIENT_ID_PREFIX } from './client-id.js';
export { CDN_UPLOAD_ATTEMPTS } from './cdn-upload.js';
