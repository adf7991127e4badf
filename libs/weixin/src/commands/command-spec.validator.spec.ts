import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
import { normalizeCommand } from './command-spec.validator.js';
import { commandHelp, commandUsage } from './command-usage.formatter.js';

const H = 'Shop#order';

describe('normalizeCommand', () => {
  it('normalises the name, the arguments and the sender filter', () => {
    const spec = normalizeCommand(
      'Order',
      {
        args: [
          { name: 'item', description: ' what ' },
          { name: 'qty', type: 'integer', optional: true },
        ],
        description: 'Place an order',
        from: 'a@im.wechat',
        typing: true,
      },
      H,
    );
    expect(spec).toEqual({
      name: 'order',
      args: [
        { name: 'item', type: 'string', optional: false, rest: false, description: 'what' },
        { name: 'qty', type: 'integer', optional: true, rest: false },
      ],
      description: 'Place an order',
      hidden: false,
      filter: { from: ['a@im.wechat'], typing: true },
    });
    expect(commandUsage(spec)).toBe('/order <item> [qty:integer]');
  });

  it.each([
    ['a bad name', '1x', {}, /the command name must be/],
    ['a name with a slash', '/order', {}, /the command name must be/],
    ['an unknown option', 'x', { text: 'x' }, /unknown option "text"/],
    ['args not an array', 'x', { args: 'a' }, /option "args" must be an array/],
    ['an unnamed argument', 'x', { args: [{}] }, /args\[0\] needs a name/],
    ['an unknown type', 'x', { args: [{ name: 'a', type: 'date' }] }, /unknown type/],
    ['a repeated name', 'x', { args: [{ name: 'a' }, { name: 'a' }] }, /repeats the name/],
    [
      'rest before the end',
      'x',
      { args: [{ name: 'a', rest: true }, { name: 'b' }] },
      /args\[0\] is `rest` but not the last/,
    ],
    [
      'a typed rest',
      'x',
      { args: [{ name: 'a', type: 'integer', rest: true }] },
      /not of type string/,
    ],
    [
      'required after optional',
      'x',
      { args: [{ name: 'a', optional: true }, { name: 'b' }] },
      /args\[1\] is required but follows an optional/,
    ],
    [
      'a bad filter',
      'x',
      { from: 3 },
      /@OnWeixinCommand on Shop#order: filter field "from" must be/,
    ],
    ['hidden not a boolean', 'x', { hidden: 'yes' }, /option "hidden" must be a boolean/],
  ])('refuses %s, naming the handler', (_what, name, options, message) => {
    let error: unknown;
    try {
      normalizeCommand(name, options, H);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WeixinHandlerError);
    expect((error as WeixinHandlerError).code).toBe('WEIXIN_INVALID_HANDLER');
    expect((error as Error).message).toContain(H);
    expect((error as Error).message).toMatch(message);
  });

  it('lists visible commands with their described arguments in the help', () => {
    const order = normalizeCommand(
      'order',
      {
        args: [
          { name: 'item', description: 'what to order' },
          { name: 'note', rest: true, optional: true },
        ],
        description: 'Place an order',
      },
      H,
    );
    const secret = normalizeCommand('secret', { hidden: true }, H);
    const ping = normalizeCommand('ping', {}, H);
    expect(commandHelp([order, secret, ping], 'Commands:')).toBe(
      [
        'Commands:',
        '/order <item> [note…] — Place an order',
        '    item: what to order',
        '/ping',
      ].join('\n'),
    );
  });
});
