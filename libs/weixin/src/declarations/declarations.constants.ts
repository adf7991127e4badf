import { MessageItemType } from '../protocol/index.js';
import type { WeixinItemKind } from '../interfaces/weixin-message-filter.interface.js';

/** Metadata key (on the handler method) of the `WeixinMessageFilter[]` of `@OnWeixinMessage`. */
export const WEIXIN_MESSAGE_FILTERS_METADATA = 'weixin:message-filters';

/** Metadata key (on the class, per method) of the handler's parameter metadata. */
export const WEIXIN_ARGS_METADATA = 'weixin:args';

/** Parameter types that `WeixinParamsFactory` resolves. */
export enum WeixinParamType {
  /** The `WeixinMessageContext`. */
  Context = 0,
  /** The parsed arguments of a command (`@CommandArgs()`). */
  CommandArgs = 1,
}

/** The wire item type of each `WeixinItemKind`. */
export const ITEM_TYPE_BY_KIND: Readonly<Record<WeixinItemKind, MessageItemType>> = {
  text: MessageItemType.Text,
  image: MessageItemType.Image,
  voice: MessageItemType.Voice,
  file: MessageItemType.File,
  video: MessageItemType.Video,
};

/** Every accepted `WeixinItemKind`. */
export const WEIXIN_ITEM_KINDS = Object.keys(ITEM_TYPE_BY_KIND) as readonly WeixinItemKind[];

/** The `WeixinItemKind` of each wire item type that has one. */
export const KIND_BY_ITEM_TYPE: ReadonlyMap<number, WeixinItemKind> = new Map(
  WEIXIN_ITEM_KINDS.map((kind) => [ITEM_TYPE_BY_KIND[kind], kind]),
);
