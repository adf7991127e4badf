import { describeValue } from '../utils/describe-value.js';

const DECORATOR = '@OnWeixinCommand';

/** Texts of command declaration errors (each names the handler and the fix) and of answers. */
export const CommandsMessages = {
  invalidName: (handler: string, name: unknown) =>
    `${DECORATOR} on ${handler}: the command name must be letters, digits, "_" or "-", up to 32, starting with a letter (without the slash), got ${describeValue(name)}.`,
  invalidOptions: (handler: string, value: unknown) =>
    `${DECORATOR} on ${handler}: the options must be an object such as { args: [{ name: 'item' }] }, got ${describeValue(value)}.`,
  unknownOption: (handler: string, field: string, accepted: readonly string[]) =>
    `${DECORATOR} on ${handler}: unknown option "${field}". Accepted options: ${accepted.join(', ')}.`,
  invalidOption: (handler: string, field: string, expected: string, value: unknown) =>
    `${DECORATOR} on ${handler}: option "${field}" must be ${expected}, got ${describeValue(value)}.`,
  invalidArg: (handler: string, index: number, problem: string) =>
    `${DECORATOR} on ${handler}: args[${index}] ${problem}.`,
  /** Why the user's arguments were refused. */
  missingArg: (name: string) => `<${name}> is missing`,
  tooManyArgs: (extra: string) => `unexpected "${extra}"`,
  notInteger: (name: string, word: string) => `<${name}> must be a whole number, got "${word}"`,
  notNumber: (name: string, word: string) => `<${name}> must be a number, got "${word}"`,
  notBoolean: (name: string, word: string) => `<${name}> must be yes or no, got "${word}"`,
  unclosedQuote: () => 'a quote is not closed',
  /** The answer to a command with bad arguments. */
  usageAnswer: (reason: string, usage: string) => `${reason}. Usage: ${usage}`,
  helpHeader: () => 'Commands:',
  helpDescription: () => 'list the commands',
};
