import type { Provider } from '@nestjs/common';
import { AccountLoopRegistry } from './account-loop.registry.js';
import { LeaseRoundRunner } from './lease-round.runner.js';
import { PendingRowsSweeper } from './pending-rows.sweeper.js';
import { PollHeartbeatRecorder } from './poll-heartbeat.recorder.js';
import { PollingService } from './polling.service.js';

/**
 * The providers of polling (the service, its loops, lease rounds and pending sweep, the poll
 * heartbeat), for `WeixinModule`.
 */
export const POLLING_PROVIDERS: Provider[] = [
  AccountLoopRegistry,
  LeaseRoundRunner,
  PendingRowsSweeper,
  PollingService,
  PollHeartbeatRecorder,
];
