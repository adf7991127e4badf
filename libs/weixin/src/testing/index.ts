// `nestjs-weixin/testing`: the iLink simulator (a real local HTTP server) and a kit that runs an
// app's Weixin handlers against it in the app's own tests.
export {
  startSimulator,
  SimulatorControlClient,
  type IlinkSimulator,
  type SimulatorOptions,
  type SimBot,
  type SimCall,
  type SimFault,
  type SimInboundOptions,
  type SimInjected,
  type SimKeyFormat,
  type SimMediaOptions,
  type SimProgress,
  type SimQrScript,
  type SimQuota,
  type SimQuote,
  type SimSent,
  type SimTyping,
  type SimUpload,
  type SimulatorControl,
  ManualClock,
  TypingFakes,
  WeChatCsFake,
  NxcloudFake,
  type FakeClock,
  type FakeTypingEvent,
  type FakeAnswer,
  type WeChatFakeApp,
  type WeChatFakeCall,
  type NxcloudFakeApp,
  type NxcloudFakeCall,
} from '../../../ilink-simulator/src/index.js';
export { WeixinTestingKit } from './weixin-testing.kit.js';
export type { WeixinTestingKitOptions, WeixinTestMessage } from './weixin-testing.types.js';
export { WeixinTestingError } from './weixin-testing.error.js';
