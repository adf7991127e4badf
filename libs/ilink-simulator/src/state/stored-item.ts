import { type SimulatorState } from './simulator-state.js';

/**
 * The item of the bot's message `svrId` (uint64 decimal text) as the simulator keeps it: the
 * user's inbound message with that id, else the bot's accepted send answered with it.
 */
export function storedItem(
  state: SimulatorState,
  botId: string,
  svrId: string,
): Record<string, unknown> | undefined {
  const inbound = state.inbound.findById(botId, BigInt(svrId));
  return inbound?.items[0] ?? state.sent.findAccepted(botId, svrId)?.item;
}
