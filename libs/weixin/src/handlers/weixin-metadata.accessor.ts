import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { WEIXIN_COMMANDS_METADATA } from '../commands/commands.constants.js';
import type { CommandSpec } from '../commands/command-spec.interface.js';
import {
  WEIXIN_WIZARD_METADATA,
  WEIXIN_WIZARD_STEP_METADATA,
  type WizardClassMetadata,
} from '../conversations/conversations.constants.js';
import type { WeixinMessageFilter } from '../interfaces/weixin-message-filter.interface.js';
import { WEIXIN_MESSAGE_FILTERS_METADATA } from '../declarations/declarations.constants.js';

type Method = (...args: never[]) => unknown;

/** Reads the metadata of the handler decorators. */
@Injectable()
export class WeixinMetadataAccessor {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  /** The normalised filters of `@OnWeixinMessage` on a method, or `undefined` if it has none. */
  getMessageFilters(target: Method): WeixinMessageFilter[] | undefined {
    return this.reflector.get<WeixinMessageFilter[] | undefined>(
      WEIXIN_MESSAGE_FILTERS_METADATA,
      target,
    );
  }

  /** The checked `@OnWeixinCommand` declarations of a method, or `undefined` if it has none. */
  getCommands(target: Method): CommandSpec[] | undefined {
    return this.reflector.get<CommandSpec[] | undefined>(WEIXIN_COMMANDS_METADATA, target);
  }

  /** The `@WizardStep` number of a method, or `undefined`. */
  getWizardStep(target: Method): number | undefined {
    return this.reflector.get<number | undefined>(WEIXIN_WIZARD_STEP_METADATA, target);
  }

  /** The `@WeixinWizard` of a class, or `undefined`. */
  getWizard(target: abstract new (...args: never[]) => unknown): WizardClassMetadata | undefined {
    return this.reflector.get<WizardClassMetadata | undefined>(WEIXIN_WIZARD_METADATA, target);
  }
}
