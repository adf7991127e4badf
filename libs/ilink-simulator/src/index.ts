export { simulatorCommand, SIMULATOR_USAGE } from './simulator.command.js';
export { startSimulator, type IlinkSimulator } from './simulator.js';
export { type SimulatorOptions } from './simulator.options.js';
export { type SimRateLimit } from './state/send-rate-limiter.js';
export { SimulatorControlClient } from './control/control-client.js';
export type {
  SimBot,
  SimCall,
  SimFault,
  SimInboundOptions,
  SimInjected,
  SimKeyFormat,
  SimMediaOptions,
  SimProgress,
  SimQrScript,
  SimQuota,
  SimQuote,
  SimSent,
  SimTyping,
  SimUpload,
  SimVoice,
  SimVoiceOut,
  SimulatorControl,
} from './control/control.types.js';
export { ManualClock, type FakeClock, type FakeTypingEvent } from './fakes/manual-clock.js';
export { TypingFakes } from './fakes/typing-fakes.js';
export {
  WeChatCsFake,
  type FakeAnswer,
  type WeChatFakeApp,
  type WeChatFakeCall,
} from './fakes/wechat-cs.fake.js';
export { NxcloudFake, type NxcloudFakeApp, type NxcloudFakeCall } from './fakes/nxcloud.fake.js';
