import { COMMAND_NAME_PATTERN, COMMAND_PREFIXES } from './commands.constants.js';

/** A message text read as a command: `/name rest of the line`. */
export interface CommandLine {
  /** Lower case, without the slash. */
  readonly name: string;
  /** The text after the name, trimmed. */
  readonly argText: string;
}

/**
 * Reads a message text as a command: a slash (ASCII or full-width) directly followed by a valid
 * command name, then the end or white space. `undefined` for any other text (`/ x`, `//x`,
 * `a /x`, a name too long).
 */
export function parseCommandLine(text: string): CommandLine | undefined {
  const trimmed = text.trim();
  if (!COMMAND_PREFIXES.some((prefix) => trimmed.startsWith(prefix))) return undefined;
  const body = trimmed.slice(1);
  const space = body.search(/\s/);
  const name = (space === -1 ? body : body.slice(0, space)).toLowerCase();
  if (!COMMAND_NAME_PATTERN.test(name)) return undefined;
  return { name, argText: space === -1 ? '' : body.slice(space).trim() };
}
