export { simulatorCommand, SIMULATOR_USAGE } from './simulator.command.js';
export { startSimulator, type IlinkSimulator } from './simulator.js';
export { type SimulatorOptions, type SimRateLimit } from './options/simulator.options.js';
export { SimulatorControlClient } from './control/control-client.js';
export type { SimBot } from './interfaces/bot.types.js';
export type { SimCall } from './interfaces/call.types.js';
export type { SimFault } from './interfaces/fault.types.js';
export type {
  SimInboundOptions,
  SimInjected,
  SimKeyFormat,
  SimMediaOptions,
  SimQuote,
} from './interfaces/inbound.types.js';
export type { SimQrScript } from './interfaces/qr-script.types.js';
export type {
  SimProgress,
  SimQuota,
  SimSent,
  SimVoice,
  SimVoiceOut,
} from './interfaces/sent.types.js';
export type { SimTyping } from './interfaces/typing.types.js';
export type { SimUpload } from './interfaces/upload.types.js';
export type { SimulatorControl } from './interfaces/simulator-control.types.js';
export { ManualClock, type FakeClock, type FakeTypingEvent } from './fakes/manual-clock.js';
export { TypingFakes } from './fakes/typing-fakes.js';
export {
  WeChatCsFake,
  type FakeAnswer,
  type WeChatFakeApp,
  type WeChatFakeCall,
} from './fakes/wechat-cs.fake.js';
export { NxcloudFake, type NxcloudFakeApp, type NxcloudFakeCall } from './fakes/nxcloud.fake.js';
