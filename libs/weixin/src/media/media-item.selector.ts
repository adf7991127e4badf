import { MessageItemType } from '../protocol/enums.js';
import type { CdnMedia, MessageItem, WeixinMessage } from '../protocol/wire.types.js';
import type { WeixinInboundMediaKind } from '../interfaces/media.types.js';

/** A media item chosen for download. */
export interface SelectedMediaItem {
  kind: WeixinInboundMediaKind;
  item: MessageItem;
}

const KIND_OF_TYPE: Readonly<Partial<Record<number, WeixinInboundMediaKind>>> = {
  [MessageItemType.Image]: 'image',
  [MessageItemType.Video]: 'video',
  [MessageItemType.File]: 'file',
  [MessageItemType.Voice]: 'voice',
};

/** Download priority of protocol §9.10. */
const PRIORITY: readonly WeixinInboundMediaKind[] = ['image', 'video', 'file', 'voice'];

function hasLocation(media: CdnMedia | undefined): boolean {
  return Boolean(media && (media.encrypt_query_param || media.full_url));
}

/** The CDN reference of an item's main media. */
export function mainMedia(item: MessageItem): CdnMedia | undefined {
  return (
    item.image_item?.media ??
    item.video_item?.media ??
    item.file_item?.media ??
    item.voice_item?.media
  );
}

function kindOf(item: MessageItem): WeixinInboundMediaKind | undefined {
  const kind = item.type === undefined ? undefined : KIND_OF_TYPE[item.type];
  return kind && hasLocation(mainMedia(item)) ? kind : undefined;
}

function isMessage(target: WeixinMessage | MessageItem): target is WeixinMessage {
  return 'item_list' in target || !('type' in target);
}

function pick(
  items: readonly MessageItem[],
  transcribedVoice: boolean,
): SelectedMediaItem | undefined {
  for (const wanted of PRIORITY) {
    for (const item of items) {
      if (kindOf(item) !== wanted) continue;
      if (wanted === 'voice' && item.voice_item?.text && !transcribedVoice) continue;
      return { kind: wanted, item };
    }
  }
  return undefined;
}

/**
 * The item to download from a message (protocol §9.10): the first downloadable item by priority
 * IMAGE > VIDEO > FILE > VOICE (a voice with a transcript only when nothing else is there), else
 * the quoted media (`ref_msg.message_item`). An item given directly is used itself, or its quoted
 * media when it carries none.
 */
export function selectMediaItem(
  target: WeixinMessage | MessageItem,
): SelectedMediaItem | undefined {
  const items = isMessage(target) ? (target.item_list ?? []) : [target];
  const own = pick(items, false);
  if (own) return own;
  for (const item of items) {
    const quoted = item.ref_msg?.message_item;
    const kind = quoted ? kindOf(quoted) : undefined;
    if (quoted && kind) return { kind, item: quoted };
  }
  return pick(items, true);
}
