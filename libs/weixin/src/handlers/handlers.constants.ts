/** The execution context type of Weixin handlers, as `host.getType()` answers it. */
export const WEIXIN_CONTEXT_TYPE = 'weixin';

/** The execution context type of Weixin handlers. */
export type WeixinContextType = typeof WEIXIN_CONTEXT_TYPE;
