import { cipherSize } from '../cdn/aes-ecb.js';
import { ilinkError } from '../http/reply.js';
import { opaqueBase64 } from '../protocol/ids.js';
import { type AuthedEndpoint } from './ilink-endpoint.js';

const HEX32 = /^[0-9a-f]{32}$/;

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function checkFields(body: Record<string, unknown>): string | undefined {
  if (typeof body.filekey !== 'string' || !HEX32.test(body.filekey)) {
    return 'filekey must be 32 lowercase hex characters';
  }
  if (typeof body.aeskey !== 'string' || !HEX32.test(body.aeskey)) {
    return 'aeskey must be 32 lowercase hex characters';
  }
  const mediaType = body.media_type;
  if (mediaType !== 1 && mediaType !== 2 && mediaType !== 3 && mediaType !== 4) {
    return 'media_type must be 1, 2, 3 or 4';
  }
  if (!isSize(body.rawsize)) return 'rawsize must be a non-negative integer';
  if (typeof body.rawfilemd5 !== 'string' || !HEX32.test(body.rawfilemd5)) {
    return 'rawfilemd5 must be 32 lowercase hex characters';
  }
  if (body.filesize !== cipherSize(body.rawsize)) {
    return 'filesize must be ceil((rawsize + 1) / 16) * 16';
  }
  return undefined;
}

/**
 * `POST ilink/bot/getuploadurl` (protocol §12.3): validates the file description, binds the upload
 * to a user who has written to the bot (else `ret: -1`, as the real server does for dummy users)
 * and answers `upload_param` (plus `upload_full_url` unless disabled).
 */
export const getUploadUrlEndpoint: AuthedEndpoint = {
  methods: ['POST'],
  auth: true,
  async handle(ctx, body, bot) {
    const { state } = ctx;
    const fieldError = checkFields(body);
    if (fieldError) return ilinkError(-2, fieldError);
    const toUserId = body.to_user_id;
    if (typeof toUserId !== 'string' || !bot.users.has(toUserId)) {
      return ilinkError(-1, 'invalid to_user_id');
    }
    const filekey = body.filekey as string;
    const param = opaqueBase64();
    state.uploadTickets.add({
      param,
      botId: bot.botId,
      filekey,
      key: Buffer.from(body.aeskey as string, 'hex'),
      mediaType: body.media_type as number,
      toUserId,
      rawsize: body.rawsize as number,
      rawfilemd5: body.rawfilemd5 as string,
      filesize: body.filesize as number,
    });
    const fullUrl = `${state.addresses.cdnBaseUrl}/upload?encrypted_query_param=${encodeURIComponent(
      param,
    )}&filekey=${encodeURIComponent(filekey)}`;
    return {
      ret: 0,
      errmsg: '',
      upload_param: param,
      thumb_upload_param: '',
      upload_full_url: state.options.uploadFullUrl ? fullUrl : undefined,
    };
  },
};
