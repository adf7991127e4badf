import { Injectable } from '@nestjs/common';
import { OnWeixinMessage } from 'nestjs-weixin';

/** Handles every message by doing nothing: the benchmarks' measure of the pipeline alone. */
@Injectable()
export class NoopHandler {
  @OnWeixinMessage()
  onMessage(): void {}
}
