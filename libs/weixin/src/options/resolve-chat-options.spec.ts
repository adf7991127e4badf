import { WeixinConfigError } from '../errors/weixin-config.error.js';
import type { WeixinModuleOptions } from '../interfaces/weixin-module-options.interface.js';
import { resolveOptions } from './resolve-options.js';

const encryption = { keys: { k: Buffer.alloc(32, 3).toString('base64') }, currentKeyId: 'k' };
const resolve = (more: WeixinModuleOptions) => resolveOptions({ encryption, ...more });

describe('commands, conversations and group message options', () => {
  it('has defaults', () => {
    const options = resolve({});
    expect(options.commands).toEqual({ help: true, helpHeader: 'Commands:' });
    expect(options.conversations).toEqual({ timeoutMs: 600_000, maxStateBytes: 16_384 });
    expect(options.polling.groupMessages).toBe('ignore');
  });

  it('takes valid values', () => {
    const options = resolve({
      commands: { help: false, helpHeader: '指令' },
      conversations: { timeoutMs: 1_000, maxStateBytes: 10 },
      polling: { groupMessages: 'deliver' },
    });
    expect(options.commands).toEqual({ help: false, helpHeader: '指令' });
    expect(options.conversations).toEqual({ timeoutMs: 1_000, maxStateBytes: 10 });
    expect(options.polling.groupMessages).toBe('deliver');
  });

  it('lists every invalid field with its fix', () => {
    let error: unknown;
    try {
      resolve({
        commands: { help: 'yes' as never, helpHeader: ' ' },
        conversations: { timeoutMs: 0, maxStateBytes: 1.5 },
        polling: { groupMessages: 'all' as never },
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WeixinConfigError);
    const message = (error as Error).message;
    for (const field of [
      'commands.help must be true or false',
      'commands.helpHeader is required',
      'conversations.timeoutMs must be a positive integer',
      'conversations.maxStateBytes must be a positive integer',
      "polling.groupMessages must be one of 'ignore', 'deliver'",
    ]) {
      expect(message).toContain(field);
    }
  });
});
