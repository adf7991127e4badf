import { ilinkError } from '../http/reply.js';
import { type OpenEndpoint } from './ilink-endpoint.js';

/** Most tokens the official client puts in `local_token_list`. */
const MAX_LOCAL_TOKENS = 10;

/**
 * `ilink/bot/get_bot_qrcode?bot_type=3` (protocol §6.1), POST with `{local_token_list}` or the
 * legacy GET. Creates a QR session driven by the next script of `scriptQrLogin`.
 */
export const getBotQrcodeEndpoint: OpenEndpoint = {
  methods: ['POST', 'GET'],
  auth: false,
  async handle(ctx, body) {
    const { state } = ctx;
    if (ctx.url.searchParams.get('bot_type') !== '3') return ilinkError(-2, 'bot_type must be 3');
    const tokens = body.local_token_list;
    if (
      tokens !== undefined &&
      (!Array.isArray(tokens) ||
        tokens.length > MAX_LOCAL_TOKENS ||
        !tokens.every((token) => typeof token === 'string'))
    ) {
      return ilinkError(-2, `local_token_list must be at most ${MAX_LOCAL_TOKENS} strings`);
    }
    const session = state.qr.create();
    return {
      ret: 0,
      qrcode: session.qrcode,
      qrcode_img_content: `${state.addresses.baseUrl}qr/${encodeURIComponent(session.qrcode)}`,
    };
  },
};
