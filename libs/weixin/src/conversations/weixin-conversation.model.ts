import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
import { ConversationsMessages as M } from './conversations.messages.js';
import type { ConversationWrite, StoredConversation } from './conversation-write.interface.js';
import type { WizardLookup } from './wizard-definition.interface.js';
import { isPlainObject } from '../utils/is-plain-object.js';

/** The JSON state a wizard keeps between the user's messages. */
export type WeixinConversationState = Readonly<Record<string, unknown>>;

/** How a `WeixinConversation` checks and stores its changes. */
export interface WeixinConversationInit {
  /** The row as read before the handlers ran, or `undefined` when the user has none. */
  stored: StoredConversation | undefined;
  /** The registered wizards. */
  wizards: WizardLookup;
  /** Timeout of a wizard that sets none. */
  defaultTimeoutMs: number;
  /** Largest state, as JSON bytes. */
  maxStateBytes: number;
}

let sealOf: (conversation: WeixinConversation) => ConversationWrite | undefined;

/**
 * Ends changes to `conversation` (its handler finished) and answers what the commit writes:
 * `undefined` when nothing changed. Answers the same when called again. The dispatcher's, not a
 * public API.
 */
export function sealConversation(conversation: WeixinConversation): ConversationWrite | undefined {
  return sealOf(conversation);
}

function invalid(message: string): WeixinHandlerError {
  return new WeixinHandlerError(message, 'WEIXIN_INVALID_ARGUMENT');
}

/**
 * One user's place in a wizard, as `ctx.conversation` shows it: which wizard (`scene`) and
 * which `step` the user's next message goes to, and the wizard's JSON `state`.
 *
 * Changes (`enter`, `next`, `goTo`, `patch`, `leave`) take effect in memory at once and are
 * written when the handler's message is committed as handled, in the same transaction as its
 * done mark, its replies and its `ctx.transaction()` work: a handler that throws, or a process
 * that dies before the commit, leaves the conversation where it was, and the message is handled
 * again at the same step. One user's messages are handled in order by one replica at a time, so
 * no two changes race.
 */
export class WeixinConversation {
  #scene: string | undefined;
  #step: number | undefined;
  #state: WeixinConversationState;
  #changed = false;
  #sealed = false;
  readonly #expired?: { readonly scene: string; readonly step: number };
  readonly #init: WeixinConversationInit | undefined;

  static {
    sealOf = (conversation) => conversation.#seal();
  }

  /** A conversation outside the dispatcher (a context built by hand): it refuses changes. */
  static detached(): WeixinConversation {
    return new WeixinConversation(undefined);
  }

  /** @param init `undefined` for a detached conversation */
  constructor(init: WeixinConversationInit | undefined) {
    this.#init = init;
    const stored = init?.stored;
    if (stored && !stored.expired && init.wizards.get(stored.scene)) {
      this.#scene = stored.scene;
      this.#step = stored.step;
      this.#state = stored.state;
    } else {
      this.#state = {};
      if (stored?.expired) this.#expired = { scene: stored.scene, step: stored.step };
      // An expired row, or one of a wizard the app no longer declares, is removed at the commit.
      if (stored) this.#changed = true;
    }
  }

  /** The wizard the user is in, or `undefined`. */
  get scene(): string | undefined {
    return this.#scene;
  }

  /** The step (1 for the first) the user's next message goes to, or `undefined`. */
  get step(): number | undefined {
    return this.#step;
  }

  /** The wizard's state (`{}` outside a wizard). */
  get state(): WeixinConversationState {
    return this.#state;
  }

  /** Whether the user is in a wizard. */
  get active(): boolean {
    return this.#scene !== undefined;
  }

  /**
   * The wizard and step the user was in when the wizard timed out before this message (which
   * then reached the other handlers); `undefined` otherwise.
   */
  get expired(): { readonly scene: string; readonly step: number } | undefined {
    return this.#expired;
  }

  /**
   * Enters the wizard `id` at its first step, replacing any wizard the user was in: the user's
   * next message goes to that step's handler.
   * @param state the initial state (a plain object of JSON values)
   * @throws WeixinHandlerError for an unknown wizard or a state that is not JSON or too large
   */
  enter(id: string, state: Record<string, unknown> = {}): void {
    const init = this.writable();
    const wizard = init.wizards.get(id);
    if (!wizard) throw invalid(M.unknownWizard(String(id), init.wizards.ids()));
    this.set(id, wizard.steps[0]!, this.checked(state));
  }

  /**
   * Moves to the wizard's next step, merging `patch` into the state; after the last step the
   * user leaves the wizard.
   * @throws WeixinHandlerError outside a wizard, or for a state that is not JSON or too large
   */
  next(patch: Record<string, unknown> = {}): void {
    const { steps, scene, step } = this.current('next');
    const following = steps.find((s) => s > step);
    if (following === undefined) return this.leave();
    this.set(scene, following, this.checked({ ...this.#state, ...patch }));
  }

  /**
   * Moves to `step` of the wizard (earlier or later), merging `patch` into the state.
   * @throws WeixinHandlerError outside a wizard, for a step the wizard has not, or a bad state
   */
  goTo(step: number, patch: Record<string, unknown> = {}): void {
    const { steps, scene } = this.current('goTo');
    if (!steps.includes(step)) throw invalid(M.unknownStep(scene, step, steps));
    this.set(scene, step, this.checked({ ...this.#state, ...patch }));
  }

  /**
   * Merges `patch` into the state and stays at the step (the user's next message comes here
   * again, e.g. after an answer that did not validate); renews the timeout.
   * @throws WeixinHandlerError outside a wizard, or for a state that is not JSON or too large
   */
  patch(patch: Record<string, unknown> = {}): void {
    const { scene, step } = this.current('patch');
    this.set(scene, step, this.checked({ ...this.#state, ...patch }));
  }

  /** Leaves the wizard (nothing happens outside one): the next message reaches the other handlers. */
  leave(): void {
    this.writable();
    if (this.#scene === undefined) return;
    this.#scene = undefined;
    this.#step = undefined;
    this.#state = {};
    this.#changed = true;
  }

  #seal(): ConversationWrite | undefined {
    this.#sealed = true;
    if (!this.#changed || !this.#init) return undefined;
    if (this.#scene === undefined || this.#step === undefined) return { kind: 'clear' };
    const timeoutMs = this.#init.wizards.get(this.#scene)?.timeoutMs ?? this.#init.defaultTimeoutMs;
    return { kind: 'save', scene: this.#scene, step: this.#step, state: this.#state, timeoutMs };
  }

  private set(scene: string, step: number, state: WeixinConversationState): void {
    this.#scene = scene;
    this.#step = step;
    this.#state = state;
    this.#changed = true;
  }

  private writable(): WeixinConversationInit {
    if (!this.#init) throw invalid(M.detached());
    if (this.#sealed) throw invalid(M.sealed());
    return this.#init;
  }

  private current(method: string): { scene: string; step: number; steps: readonly number[] } {
    const init = this.writable();
    const scene = this.#scene;
    const wizard = scene === undefined ? undefined : init.wizards.get(scene);
    if (scene === undefined || this.#step === undefined || !wizard) {
      throw invalid(M.notInWizard(method));
    }
    return { scene, step: this.#step, steps: wizard.steps };
  }

  /** A copy of `state` through JSON, checked to be a plain object within the size limit. */
  private checked(state: unknown): WeixinConversationState {
    const init = this.writable();
    if (!isPlainObject(state)) throw invalid(M.invalidState(state));
    let json: string;
    try {
      json = JSON.stringify(state);
    } catch {
      throw invalid(M.invalidState(state));
    }
    const bytes = Buffer.byteLength(json);
    if (bytes > init.maxStateBytes) throw invalid(M.stateTooLarge(bytes, init.maxStateBytes));
    return JSON.parse(json) as WeixinConversationState;
  }
}
