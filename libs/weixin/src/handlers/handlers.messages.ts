import { describeValue } from '../utils/describe-value.js';

export const REQUEST_SCOPED_HANDLER = (handler: string) =>
  `Cannot register the Weixin handler "${handler}" because it is defined in a non-static (request-scoped) provider or one that depends on such a provider. Make the provider and its dependencies singletons.`;

export const TRANSIENT_HANDLER = (handler: string) =>
  `Cannot register the Weixin handler "${handler}" because it is defined in a transient provider, which has no single instance to call. Make the provider a singleton.`;

export const HANDLER_REGISTRATION_FAILED = (handler: string, reason: string) =>
  `Cannot register the Weixin handler "${handler}": ${reason}`;

export const INVALID_RETURN_VALUE = (value: unknown) =>
  `A Weixin handler returned ${describeValue(value)}, which is not a reply. Return nothing (undefined or null), a string, an object { text: string }, { image, caption? }, { video, caption? }, { file, fileName?, caption? } or { voice, sampleRate?, caption? } (a source is a Buffer, file path, Readable or URL), or an array of them.`;

export const INVALID_RETURN_VALUE_ITEM = (index: number, value: unknown) =>
  `A Weixin handler returned an array whose element ${index} is ${describeValue(value)}, which is not a reply. Each element must be a string, { text }, { image }, { video }, { file } or { voice }.`;

export const NOT_A_WEIXIN_CONTEXT = (type: string) =>
  `WeixinExecutionContext.create() needs a context of type 'weixin', got '${type}'. Check host.getType() first when a guard, interceptor or filter also serves other transports.`;

export const INVALID_CONCURRENCY = (value: unknown) =>
  `KeyedSerialExecutor concurrency must be a positive integer or Infinity, got ${describeValue(value)}.`;

export const INVALID_DRAIN_TIMEOUT = (value: unknown) =>
  `KeyedSerialExecutor.drain() timeout must be a non-negative number of milliseconds, got ${describeValue(value)}.`;

export const NO_TRANSACTOR = () =>
  'ctx.transaction() needs the message to come from the inbox dispatcher (this context was built without a transactor)';

export const TRANSACTION_TWICE = (inboxId: string) =>
  `ctx.transaction() was already committed for inbox row ${inboxId}: do all of a message's database work in one call`;

export const NO_QUOTED_ITEM = () =>
  'this message quotes no item to download: it has no quote, or the quoted message is neither on the wire nor stored';

export const NO_PROGRESS_SENDER = () =>
  'ctx.progress() needs the message to come from the inbox dispatcher (this context was built without a progress sender)';
