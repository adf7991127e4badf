import { Injectable } from '@nestjs/common';
import { parseCommandLine } from '../commands/command-line.parser.js';
import type { CommandSpec } from '../commands/command-spec.interface.js';
import type {
  WizardDefinition,
  WizardLookup,
} from '../conversations/wizard-definition.interface.js';
import { matchesAnyMessageFilter, type FilterableMessage } from './message-filter.matcher.js';
import type { RegisteredHandler } from './registered-handler.interface.js';

/** Where a user is in a wizard, as far as routing needs it. */
export interface WizardPosition {
  readonly scene?: string;
  readonly step?: number;
}

/**
 * The handlers of the application (filled by `WeixinHandlersExplorer`) and the wizards they
 * form. Routes a message: to the handlers of the registered command it invokes, else to the
 * handler of the user's wizard step, else to the `@OnWeixinMessage` handlers whose filters match.
 */
@Injectable()
export class WeixinHandlerRegistry implements WizardLookup {
  private readonly handlers: RegisteredHandler[] = [];
  private readonly wizards = new Map<string, WizardDefinition>();

  /** Every registered handler, in registration order. */
  get all(): readonly RegisteredHandler[] {
    return this.handlers;
  }

  /** Whether any wizard is registered (only then conversation rows are read). */
  get hasWizards(): boolean {
    return this.wizards.size > 0;
  }

  /** Adds a handler. */
  register(handler: RegisteredHandler): void {
    this.handlers.push(handler);
  }

  /** Adds a wizard (its steps are registered as handlers with `wizardStep`). */
  registerWizard(wizard: WizardDefinition): void {
    this.wizards.set(wizard.id, wizard);
  }

  /** The wizard `id`, if registered. */
  get(id: string): WizardDefinition | undefined {
    return this.wizards.get(id);
  }

  /** The ids of the registered wizards. */
  ids(): string[] {
    return [...this.wizards.keys()];
  }

  /** The commands of the registered command handlers, one per name, in registration order. */
  commands(): CommandSpec[] {
    const byName = new Map<string, CommandSpec>();
    for (const handler of this.handlers) {
      if (handler.command && !byName.has(handler.command.name)) {
        byName.set(handler.command.name, handler.command);
      }
    }
    return [...byName.values()];
  }

  /**
   * The handlers that receive a message, in registration order: those of the registered command
   * it invokes (whose sender filters match), else that of the user's wizard step, else the
   * `@OnWeixinMessage` handlers any of whose filters matches.
   */
  match(message: FilterableMessage, position: WizardPosition = {}): RegisteredHandler[] {
    const line = parseCommandLine(message.text);
    if (line) {
      const commands = this.handlers.filter(
        (h) => h.command?.name === line.name && matchesAnyMessageFilter(h.filters, message),
      );
      if (commands.length > 0) return commands;
    }
    if (position.scene !== undefined) {
      const steps = this.handlers.filter(
        (h) => h.wizardStep?.wizard === position.scene && h.wizardStep?.step === position.step,
      );
      if (steps.length > 0) return steps;
    }
    return this.handlers.filter(
      (h) => !h.command && !h.wizardStep && matchesAnyMessageFilter(h.filters, message),
    );
  }
}
