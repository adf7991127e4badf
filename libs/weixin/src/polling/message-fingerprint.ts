import { createHash } from 'node:crypto';
import type { CdnMedia, MessageItem, WeixinMessage } from '../protocol/index.js';

type Part = string | number | boolean | null | Part[];

function media(m: CdnMedia | undefined): Part {
  return m?.encrypt_query_param ?? null;
}

function itemParts(item: MessageItem | undefined): Part {
  if (!item) return null;
  const ref = item.ref_msg;
  return [
    item.type ?? null,
    item.text_item?.text ?? null,
    [media(item.image_item?.media), item.image_item?.aeskey ?? null],
    media(item.voice_item?.media),
    [
      media(item.file_item?.media),
      item.file_item?.file_name ?? null,
      item.file_item?.md5 ?? null,
      item.file_item?.len ?? null,
    ],
    [media(item.video_item?.media), item.video_item?.video_md5 ?? null],
    [
      item.tool_call_start_item?.tool_call_id ?? null,
      item.tool_call_result_item?.tool_call_id ?? null,
    ],
    ref
      ? [
          ref.svr_id ?? null,
          ref.message_item?.msg_id ?? null,
          ref.title ?? null,
          itemParts(ref.message_item),
        ]
      : null,
  ];
}

/**
 * Content fingerprint of an inbound message: hex SHA-256 over the sender, `create_time_ms` and the
 * content (item types, texts, media `encrypt_query_param`s, file names and
 * MD5s, quoted ids and quoted content).
 *
 * The message id, `seq` and `context_token` are left out, so a redelivery under a new id collides
 * with the first delivery, while the same text sent at another time does not. A message without
 * `create_time_ms` has no time to tell repeats apart; its fingerprint then includes its message id
 * (or, without one, its `client_id` and `seq`), so two such messages are only merged when those
 * match.
 */
export function messageFingerprint(msg: WeixinMessage): string {
  const id = firstMessageId(msg);
  const time: Part =
    msg.create_time_ms ?? (id ? ['id', id] : ['seq', msg.client_id ?? null, msg.seq ?? null]);
  const parts: Part = [msg.from_user_id ?? null, time, (msg.item_list ?? []).map(itemParts)];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The server id of a message: top-level `message_id`, else the first non-empty item `msg_id`. */
function firstMessageId(msg: WeixinMessage): string | undefined {
  if (msg.message_id) return msg.message_id;
  return msg.item_list?.find((item) => item.msg_id)?.msg_id;
}

/**
 * The id an inbound message is stored under (protocol §9.8): top-level `message_id`, else the first
 * non-empty item `msg_id`, else `fp:<fingerprint>`.
 */
export function inboundMessageId(msg: WeixinMessage): string {
  return firstMessageId(msg) ?? `fp:${messageFingerprint(msg)}`;
}
