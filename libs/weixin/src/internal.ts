// Internals for this repository's own e2e suites and benchmarks. Not part of the public API: the
// package exports this entry only under the `nestjs-weixin-internal` condition
// (`node --conditions=nestjs-weixin-internal`), so an app cannot import it by accident.
export { TokenCipher } from './persistence/token-cipher.js';
export { TokenCipherError } from './persistence/token-cipher.error.js';
export {
  WEIXIN_TOKEN_CIPHER,
  WeixinStore,
  type InboundRecord,
  type LeaseGrant,
} from './persistence/index.js';
export { DeliveryStore } from './outbound/ledger/delivery.store.js';
export { DeliverySql } from './outbound/ledger/delivery.sql.js';
export { InboxSql, markDoneParams } from './persistence/sql/inbox.sql.js';
export { DeadLetterSql } from './persistence/sql/dead-letter.sql.js';
export { queryRows } from './persistence/raw-query.js';
export { InboxDispatcher } from './inbox/inbox-dispatcher.service.js';
export { ConversationStore } from './conversations/conversation.store.js';
export { LedgerReplySender } from './outbound/ledger-reply.sender.js';
export { OutboxService } from './outbound/ledger/outbox.service.js';
export { ReplyRecordStore } from './outbound/ledger/reply-record.store.js';
export { SendBreaker } from './outbound/ledger/send.breaker.js';
export { WindowReminderService } from './outbound/window-reminder.service.js';
export { SendLedger } from './outbound/ledger/send.ledger.js';
export { fenceStateAfter } from './outbound/text/markdown-fence.tracker.js';
export { MediaUploader } from './media/media-uploader.js';
export { planUpload } from './media/upload-planner.js';
export {
  AesEcbDecryptStream,
  AesEcbEncryptStream,
  cipherSize,
  createAesKey,
  parseAesKey,
} from './media/crypto/index.js';
export { inboundMessageId, messageFingerprint } from './polling/message-fingerprint.js';
export { toInboundRecord } from './polling/to-inbound-record.js';
export { LeaseRoundRunner } from './polling/lease-round.runner.js';
export { parseIlinkJson } from './protocol/lossless-json.js';
export type { ResolvedWeixinOptions } from './options/resolved-options.js';
export { AccountStatusStore } from './persistence/account-status.store.js';
export { LOGIN_DEFAULTS } from './login/login.constants.js';
export { QrLoginStore } from './login/qr-login.store.js';
export { DeadLetterStore } from './persistence/dead-letter.store.js';
export { AdminExceptionFilter } from './admin/admin-exception.filter.js';
export { ADMIN_STATUS_BY_CODE } from './admin/admin-error-status.constants.js';
