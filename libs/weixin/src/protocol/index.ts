export * from './enums.js';
export type * from './wire.types.js';
