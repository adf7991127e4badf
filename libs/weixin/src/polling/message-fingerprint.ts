import { hash } from 'node:crypto';
import type { CdnMedia, MessageItem, WeixinMessage } from '../protocol/index.js';

/** One value as `JSON.stringify` writes it inside an array (absent: `null`). */
function j(value: unknown): string {
  return value === undefined || value === null ? 'null' : JSON.stringify(value);
}

function media(m: CdnMedia | undefined): string {
  return j(m?.encrypt_query_param);
}

/**
 * The JSON text of an item's fingerprinted parts, written directly (no intermediate arrays):
 * `[type, text, [image param, aeskey], voice param, [file param, name, md5, len],
 * [video param, md5], [tool call start id, result id], [quoted svr_id, msg_id, title, item]]`.
 */
function itemParts(item: MessageItem | undefined): string {
  if (!item) return 'null';
  const ref = item.ref_msg;
  const quoted = ref
    ? `[${j(ref.svr_id)},${j(ref.message_item?.msg_id)},${j(ref.title)},${itemParts(ref.message_item)}]`
    : 'null';
  const image = item.image_item;
  const file = item.file_item;
  const video = item.video_item;
  return (
    `[${j(item.type)},${j(item.text_item?.text)},[${media(image?.media)},${j(image?.aeskey)}],` +
    `${media(item.voice_item?.media)},` +
    `[${media(file?.media)},${j(file?.file_name)},${j(file?.md5)},${j(file?.len)}],` +
    `[${media(video?.media)},${j(video?.video_md5)}],` +
    `[${j(item.tool_call_start_item?.tool_call_id)},${j(item.tool_call_result_item?.tool_call_id)}],` +
    `${quoted}]`
  );
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
 *
 * The hashed text is the JSON of `[sender, time, items]` (`time`: the number, `["id", id]` or
 * `["seq", client_id, seq]`), written directly and hashed in one call: the same bytes as the
 * fingerprints already stored, without the arrays and the hash object per message.
 */
export function messageFingerprint(msg: WeixinMessage): string {
  let time: string;
  if (msg.create_time_ms !== undefined && msg.create_time_ms !== null) {
    time = j(msg.create_time_ms);
  } else {
    const id = firstMessageId(msg);
    time = id ? `["id",${j(id)}]` : `["seq",${j(msg.client_id)},${j(msg.seq)}]`;
  }
  let items = '';
  for (const item of msg.item_list ?? []) items += (items ? ',' : '') + itemParts(item);
  return hash('sha256', `[${j(msg.from_user_id)},${time},[${items}]]`, 'hex');
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
