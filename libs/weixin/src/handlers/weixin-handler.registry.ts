import { Injectable } from '@nestjs/common';
import { matchesAnyMessageFilter, type FilterableMessage } from './message-filter.matcher.js';
import type { RegisteredHandler } from './registered-handler.interface.js';

/** The `@OnWeixinMessage` handlers of the application, filled by `WeixinHandlersExplorer`. */
@Injectable()
export class WeixinHandlerRegistry {
  private readonly handlers: RegisteredHandler[] = [];

  /** Every registered handler, in registration order. */
  get all(): readonly RegisteredHandler[] {
    return this.handlers;
  }

  /** Adds a handler. */
  register(handler: RegisteredHandler): void {
    this.handlers.push(handler);
  }

  /** The handlers that receive a message (any filter matches), in registration order. */
  match(message: FilterableMessage): RegisteredHandler[] {
    return this.handlers.filter((handler) => matchesAnyMessageFilter(handler.filters, message));
  }
}
