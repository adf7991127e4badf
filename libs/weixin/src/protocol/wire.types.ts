import type {
  MessageItemType,
  MessageState,
  MessageType,
  QrStatus,
  TypingStatus,
  UploadMediaType,
} from './enums.js';

/** `base_info` carried by every authenticated POST body. */
export interface BaseInfo {
  channel_version: string;
  bot_agent?: string;
}

/** The envelope fields every JSON answer may carry. */
export interface ApiEnvelope {
  ret?: number;
  errcode?: number;
  errmsg?: string;
}

/** A CDN media reference. */
export interface CdnMedia {
  encrypt_query_param?: string;
  aes_key?: string;
  encrypt_type?: number;
  full_url?: string;
}

export interface TextItem {
  text: string;
}

export interface ImageItem {
  media?: CdnMedia;
  thumb_media?: CdnMedia;
  /** Raw 16-byte key as 32 hex characters (inbound). */
  aeskey?: string;
  url?: string;
  mid_size?: number;
  thumb_size?: number;
  thumb_height?: number;
  thumb_width?: number;
  hd_size?: number;
}

export interface VoiceItem {
  media?: CdnMedia;
  encode_type?: number;
  bits_per_sample?: number;
  sample_rate?: number;
  playtime?: number;
  text?: string;
}

export interface FileItem {
  media?: CdnMedia;
  file_name?: string;
  md5?: string;
  /** Plaintext size in bytes, as a decimal string. */
  len?: string;
}

export interface VideoItem {
  media?: CdnMedia;
  video_size?: number;
  play_length?: number;
  video_md5?: string;
  thumb_media?: CdnMedia;
  thumb_size?: number;
  thumb_height?: number;
  thumb_width?: number;
}

export interface ToolCallStartItem {
  tool_name?: string;
  tool_call_id?: string;
}

export interface ToolCallResultItem {
  tool_name?: string;
  tool_call_id?: string;
  status?: 'completed' | 'failed' | 'blocked' | 'unknown';
}

export interface PartialText {
  start?: string;
  end?: string;
  startindex?: number;
  endindex?: number;
  quotemd5?: string;
}

/** A quoted message. `svr_id` is a uint64 kept as a decimal string. */
export interface RefMessage {
  message_item?: MessageItem;
  title?: string;
  svr_id?: string;
  partial_text?: PartialText;
}

/** One content item. `msg_id` is a uint64 kept as a decimal string. */
export interface MessageItem {
  type?: MessageItemType;
  create_time_ms?: number;
  update_time_ms?: number;
  is_completed?: boolean;
  msg_id?: string;
  ref_msg?: RefMessage;
  text_item?: TextItem;
  image_item?: ImageItem;
  voice_item?: VoiceItem;
  file_item?: FileItem;
  video_item?: VideoItem;
  tool_call_start_item?: ToolCallStartItem;
  tool_call_result_item?: ToolCallResultItem;
}

/** A message on the wire. `message_id` is a uint64 kept as a decimal string. */
export interface WeixinMessage {
  seq?: number;
  message_id?: string;
  from_user_id?: string;
  to_user_id?: string;
  client_id?: string;
  create_time_ms?: number;
  update_time_ms?: number;
  delete_time_ms?: number;
  session_id?: string;
  group_id?: string;
  message_type?: MessageType;
  message_state?: MessageState;
  item_list?: MessageItem[];
  context_token?: string;
  run_id?: string;
}

export interface GetBotQrcodeRequest {
  local_token_list: string[];
}

export interface GetBotQrcodeResponse extends ApiEnvelope {
  qrcode?: string;
  qrcode_img_content?: string;
}

export interface GetQrcodeStatusResponse extends ApiEnvelope {
  status?: QrStatus | string;
  bot_token?: string;
  ilink_bot_id?: string;
  baseurl?: string;
  ilink_user_id?: string;
  redirect_host?: string;
}

export interface GetUpdatesRequest {
  get_updates_buf: string;
  base_info: BaseInfo;
}

export interface GetUpdatesResponse extends ApiEnvelope {
  msgs?: WeixinMessage[];
  get_updates_buf?: string;
  longpolling_timeout_ms?: number;
}

export interface SendMessageRequest {
  msg: WeixinMessage;
  base_info: BaseInfo;
}

export interface SendMessageResponse extends ApiEnvelope {
  message_id?: string;
}

export interface GetConfigRequest {
  ilink_user_id: string;
  context_token?: string;
  base_info: BaseInfo;
}

export interface GetConfigResponse extends ApiEnvelope {
  typing_ticket?: string;
}

export interface SendTypingRequest {
  ilink_user_id: string;
  typing_ticket: string;
  status: TypingStatus;
  base_info: BaseInfo;
}

export interface GetUploadUrlRequest {
  filekey: string;
  media_type: UploadMediaType;
  to_user_id: string;
  rawsize: number;
  rawfilemd5: string;
  filesize: number;
  thumb_rawsize?: number;
  thumb_rawfilemd5?: string;
  thumb_filesize?: number;
  no_need_thumb?: boolean;
  aeskey: string;
  base_info: BaseInfo;
}

export interface GetUploadUrlResponse extends ApiEnvelope {
  upload_param?: string;
  thumb_upload_param?: string;
  upload_full_url?: string;
}

export interface NotifyRequest {
  base_info: BaseInfo;
}
