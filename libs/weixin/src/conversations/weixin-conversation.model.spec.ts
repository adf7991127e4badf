import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
import type { StoredConversation } from './conversation-write.interface.js';
import { sealConversation, WeixinConversation } from './weixin-conversation.model.js';
import type { WizardDefinition, WizardLookup } from './wizard-definition.interface.js';

const WIZARDS: Record<string, WizardDefinition> = {
  order: { id: 'order', steps: [1, 2, 4] },
  quiz: { id: 'quiz', steps: [1], timeoutMs: 5_000 },
};
const lookup: WizardLookup = { get: (id) => WIZARDS[id], ids: () => Object.keys(WIZARDS) };

const conversation = (stored?: StoredConversation, maxStateBytes = 1_000) =>
  new WeixinConversation({ stored, wizards: lookup, defaultTimeoutMs: 60_000, maxStateBytes });

describe('WeixinConversation', () => {
  it('enters at the first step, moves through the steps in order and leaves after the last', () => {
    const c = conversation();
    expect(c.active).toBe(false);
    expect(sealConversation(c)).toBeUndefined();
    const d = conversation();
    d.enter('order', { a: 1 });
    expect([d.scene, d.step, d.state]).toEqual(['order', 1, { a: 1 }]);
    d.next({ b: 2 });
    expect([d.step, d.state]).toEqual([2, { a: 1, b: 2 }]);
    d.next();
    expect(d.step).toBe(4);
    d.next();
    expect(d.active).toBe(false);
    expect(sealConversation(d)).toEqual({ kind: 'clear' });
  });

  it('resumes a stored position and writes the change with the timeout of the wizard', () => {
    const c = conversation({ scene: 'order', step: 2, state: { a: 1 }, expired: false });
    expect([c.scene, c.step, c.state]).toEqual(['order', 2, { a: 1 }]);
    c.goTo(1, { a: 3 });
    expect(sealConversation(c)).toEqual({
      kind: 'save',
      scene: 'order',
      step: 1,
      state: { a: 3 },
      timeoutMs: 60_000,
    });
    const q = conversation({ scene: 'quiz', step: 1, state: {}, expired: false });
    q.patch({ tries: 2 });
    expect(sealConversation(q)).toMatchObject({ kind: 'save', step: 1, timeoutMs: 5_000 });
  });

  it('reports an expired wizard, is outside it, and clears the row at the commit', () => {
    const c = conversation({ scene: 'order', step: 2, state: { a: 1 }, expired: true });
    expect(c.active).toBe(false);
    expect(c.expired).toEqual({ scene: 'order', step: 2 });
    expect(sealConversation(c)).toEqual({ kind: 'clear' });
    const gone = conversation({ scene: 'removed', step: 1, state: {}, expired: false });
    expect(gone.active).toBe(false);
    expect(sealConversation(gone)).toEqual({ kind: 'clear' });
  });

  it('refuses an unknown wizard or step, moves outside a wizard, and bad or large state', () => {
    const expectError = (fn: () => void, message: RegExp) => {
      let error: unknown;
      try {
        fn();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(WeixinHandlerError);
      expect((error as Error).message).toMatch(message);
    };
    const c = conversation(undefined, 30);
    expectError(() => c.enter('nope'), /no @WeixinWizard\('nope'\).*'order', 'quiz'/);
    expectError(() => c.next(), /in no wizard/);
    c.enter('order');
    expectError(() => c.goTo(3), /steps 1, 2, 4/);
    expectError(() => c.patch({ big: 'x'.repeat(40) }), /more than conversations.maxStateBytes/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expectError(() => c.patch(cyclic), /plain object of JSON values/);
    expectError(() => c.enter('order', new Date() as never), /plain object/);
    expect(c.state).toEqual({});
  });

  it('refuses changes after the seal and in a context built outside the dispatcher', () => {
    const c = conversation();
    c.enter('quiz');
    const write = sealConversation(c);
    expect(() => c.leave()).toThrow(/after the handler finished/);
    expect(sealConversation(c)).toEqual(write);
    expect(() => WeixinConversation.detached().enter('quiz')).toThrow(/inbox dispatcher/);
  });
});
