import { type IncomingMessage, type ServerResponse } from 'node:http';
import { handleControl } from '../control/control.routes.js';
import { isGone, sendText } from '../http/reply.js';
import {
  createRequestContext,
  type ListenerKind,
  logCall,
  type RequestContext,
} from '../http/request-context.js';
import { type SimulatorControl } from '../interfaces/simulator-control.types.js';
import { handleDownload } from '../routes/cdn-download.route.js';
import { handleUpload } from '../routes/cdn-upload.route.js';
import { handleFake, isFakePath } from '../routes/fake.routes.js';
import { getBotQrcodeEndpoint } from '../routes/get-bot-qrcode.route.js';
import { getQrcodeStatusEndpoint } from '../routes/get-qrcode-status.route.js';
import { getUpdatesEndpoint } from '../routes/getupdates.route.js';
import { getUploadUrlEndpoint } from '../routes/getuploadurl.route.js';
import { type IlinkEndpoint, runIlinkEndpoint } from '../routes/ilink-endpoint.js';
import { notifyEndpoint } from '../routes/notify.routes.js';
import { sendMessageEndpoint } from '../routes/sendmessage.route.js';
import { getConfigEndpoint, sendTypingEndpoint } from '../routes/typing.routes.js';
import { type SimulatorState } from '../state/simulator-state.js';
import { serveChatPage } from '../web/chat.routes.js';
import { serveQrPage } from '../web/qr-page.route.js';

/** iLink endpoints by path (protocol Appendix A). */
const ILINK_ENDPOINTS: Record<string, IlinkEndpoint> = {
  '/ilink/bot/get_bot_qrcode': getBotQrcodeEndpoint,
  '/ilink/bot/get_qrcode_status': getQrcodeStatusEndpoint,
  '/ilink/bot/getupdates': getUpdatesEndpoint,
  '/ilink/bot/sendmessage': sendMessageEndpoint,
  '/ilink/bot/getconfig': getConfigEndpoint,
  '/ilink/bot/sendtyping': sendTypingEndpoint,
  '/ilink/bot/getuploadurl': getUploadUrlEndpoint,
  '/ilink/bot/msg/notifystart': notifyEndpoint,
  '/ilink/bot/msg/notifystop': notifyEndpoint,
};

/** Answers 404 for an unknown path. */
function notFound(ctx: RequestContext): void {
  sendText(ctx.res, 404, `no route for ${ctx.req.method ?? ''} ${ctx.path}`);
}

async function route(
  state: SimulatorState,
  control: SimulatorControl,
  listener: ListenerKind,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const ctx = createRequestContext(state, req, res, listener);
  const { path } = ctx;
  if (path === '/' || path === '/index.html') return serveChatPage(ctx);
  if (path.startsWith('/_control/')) return handleControl(ctx, control);
  if (path.startsWith('/qr/') && ctx.req.method === 'GET') return serveQrPage(ctx);
  if (listener === 'main' && isFakePath(path)) return handleFake(ctx, state.fakes);
  const endpoint = ILINK_ENDPOINTS[path];
  if (endpoint) {
    logCall(ctx);
    return runIlinkEndpoint(ctx, endpoint);
  }
  if (path === '/c2c/upload' || path === '/c2c/download') {
    logCall(ctx);
    return path === '/c2c/upload' ? handleUpload(ctx) : handleDownload(ctx);
  }
  notFound(ctx);
}

/** The request listener of one simulator listener (main or redirect). */
export function createRequestListener(
  state: SimulatorState,
  control: SimulatorControl,
  listener: ListenerKind,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(state, control, listener, req, res).catch((error: unknown) => {
      if (isGone(res)) return;
      sendText(
        res,
        500,
        `simulator error: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  };
}
