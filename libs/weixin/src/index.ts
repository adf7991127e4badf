// The public API of `nestjs-weixin`. The opt-in admin API, health indicator and metrics have their
// own entry points (`nestjs-weixin/admin`, `/health`, `/metrics`), so the core never loads their
// dependencies; `nestjs-weixin/testing` holds the simulator and the test kit. Its surface is
// recorded in `libs/weixin/api/*.api.md`, checked by `npm test`.
export { WeixinModule } from './weixin.module.js';
export type { WeixinModuleExtras, WeixinOptionsFactory } from './weixin.module-definition.js';
export type * from './interfaces/weixin-module-options.interface.js';
export type * from './interfaces/weixin-inbound-options.interface.js';
export type * from './interfaces/weixin-send-options.interface.js';
export type * from './interfaces/weixin-typing-options.interface.js';
export type * from './interfaces/weixin-media-options.interface.js';
export { WeixinEvents, SESSION_EXPIRED_HINT } from './weixin.events.js';
export type * from './weixin.events.js';

export { IlinkClient } from './client/index.js';
export type {
  BotQrcode,
  CdnDownloadRequest,
  CdnUploadRequest,
  IlinkAccount,
  IlinkCallOptions,
  IlinkClientOptions,
  IlinkClientTimeouts,
  IlinkConnectionPoolOptions,
  OutboundMessage,
  QrcodeStatusOptions,
  SendMessageResult,
  TypingTicket,
} from './client/index.js';
export * from './client/errors/index.js';
export { WeixinError } from './errors/weixin.error.js';
export { WeixinConfigError } from './errors/weixin-config.error.js';
export type * from './errors/weixin-error-code.js';

export { PollingService } from './polling/polling.service.js';
export type {
  AccountPollStatus,
  PollState,
  PollStopReason,
} from './interfaces/poll-status.interface.js';
export { WeixinAccountsService } from './accounts/weixin-accounts.service.js';
export type { WeixinAccountView } from './accounts/weixin-account.view.js';
export { WeixinUnknownAccountError } from './accounts/weixin-unknown-account.error.js';
export { WeixinAlreadyHandledError } from './inbox/weixin-already-handled.error.js';

export { WeixinMessageService } from './outbound/weixin-message.service.js';
export { WeixinSendRejectedError } from './outbound/weixin-send-rejected.error.js';
export { WeixinInvalidContentError } from './outbound/weixin-invalid-content.error.js';
export { WeixinInvalidRecipientError } from './client/errors/weixin-invalid-recipient.error.js';
export { WeixinServerRefusedError } from './outbound/refusals/weixin-server-refused.error.js';
export { WeixinRateLimitedError } from './outbound/refusals/weixin-rate-limited.error.js';
export { WeixinPrepareFailedError } from './outbound/refusals/weixin-prepare-failed.error.js';
export { WeixinEmptyRefusalError } from './outbound/refusals/weixin-empty-refusal.error.js';
export { WeixinInvalidArgumentsError } from './outbound/refusals/weixin-invalid-arguments.error.js';
export { WeixinSessionExpiredError } from './outbound/refusals/weixin-session-expired.error.js';
export { WeixinVoiceRefusedError } from './outbound/refusals/weixin-voice-refused.error.js';
export { WeixinBreakerOpenError } from './outbound/refusals/weixin-breaker-open.error.js';
export type * from './interfaces/outbound.types.js';
export * from './typing/index.js';
export { MediaService } from './media/media.service.js';
export type * from './interfaces/media.types.js';
export {
  WeixinMediaUploadError,
  type WeixinUploadStage,
} from './media/weixin-media-upload.error.js';
export { WeixinMediaSourceError } from './media/weixin-media-source.error.js';
export { WeixinNoMediaError } from './media/weixin-no-media.error.js';
export { WeixinVoiceFormatError } from './media/weixin-voice-format.error.js';
export { WeixinAesKeyError, WeixinDecryptError } from './media/crypto/index.js';
export { OnWeixinMessage } from './handlers/on-weixin-message.decorator.js';
export { OnWeixinCommand } from './commands/on-weixin-command.decorator.js';
export { CommandArgs } from './commands/command-args.decorator.js';
export type * from './commands/weixin-command-options.interface.js';
export { WeixinWizard, type WeixinWizardOptions } from './conversations/weixin-wizard.decorator.js';
export { WizardStep } from './conversations/wizard-step.decorator.js';
export {
  WeixinConversation,
  type WeixinConversationInit,
  type WeixinConversationState,
} from './conversations/weixin-conversation.model.js';
export type { StoredConversation } from './conversations/conversation-write.interface.js';
export type {
  WizardDefinition,
  WizardLookup,
} from './conversations/wizard-definition.interface.js';
export {
  WeixinMessageContext,
  type WeixinMessageContextInit,
  type WeixinMediaDownloader,
} from './handlers/weixin-message.context.js';
export type {
  WeixinPartialQuote,
  WeixinQuote,
  WeixinQuoteSource,
} from './handlers/weixin-quote.interface.js';
export type { WeixinProgressUpdate } from './handlers/weixin-progress-sender.interface.js';
export type { WeixinProgressSender, WeixinReplySender } from './handlers/weixin-message.context.js';
export { WeixinExecutionContext } from './handlers/weixin-execution-context.js';
export { WEIXIN_CONTEXT_TYPE, type WeixinContextType } from './handlers/handlers.constants.js';
export { WeixinHandlerError, type WeixinHandlerErrorCode } from './errors/weixin-handler.error.js';
export { WeixinLoginService, type WeixinLoginStartOptions } from './login/weixin-login.service.js';
export { WeixinLoginError, type WeixinLoginErrorCode } from './login/weixin-login.error.js';
export { loginProgressPrinter } from './login/login-progress.printer.js';
export type * from './login/weixin-login.types.js';
export type { DeadLetter, DeadLetterQuery } from './persistence/dead-letter.store.js';
export type * from './interfaces/weixin-message-filter.interface.js';
export type * from './interfaces/weixin-chat-options.interface.js';
export type * from './interfaces/weixin-reply.interface.js';

export { WEIXIN_ENTITIES, WEIXIN_MIGRATIONS, LeaseLostError } from './persistence/index.js';

export * from './protocol/enums.js';
export type * from './protocol/wire.types.js';
