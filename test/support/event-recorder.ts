import { Injectable, type Type } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

/** A provider that keeps every payload of one event, in the order emitted. */
export interface EventRecorder<E> {
  readonly events: E[];
}

/**
 * A provider class (give it to the app, then `app.get` it) recording each `event` the app emits;
 * each call makes its own class, so two recorders of one app do not share a token.
 */
export function eventRecorder<E>(event: string): Type<EventRecorder<E>> {
  @Injectable()
  class Recorder implements EventRecorder<E> {
    readonly events: E[] = [];
    @OnEvent(event)
    on(payload: E): void {
      this.events.push(payload);
    }
  }
  return Recorder;
}
