import type { CommandSpec } from './command-spec.interface.js';

/** The usage line of a command: `/order <item> [qty:integer] [note…]`. */
export function commandUsage(spec: CommandSpec): string {
  const args = spec.args.map((arg) => {
    const typed = arg.type === 'string' ? arg.name : `${arg.name}:${arg.type}`;
    const word = arg.rest ? `${typed}…` : typed;
    return arg.optional ? `[${word}]` : `<${word}>`;
  });
  return [`/${spec.name}`, ...args].join(' ');
}

/**
 * The generated help: `header`, then one line per visible command (usage and description, then
 * the described arguments indented), in the order given.
 */
export function commandHelp(specs: readonly CommandSpec[], header: string): string {
  const lines = [header];
  for (const spec of specs) {
    if (spec.hidden) continue;
    lines.push(
      spec.description ? `${commandUsage(spec)} — ${spec.description}` : commandUsage(spec),
    );
    for (const arg of spec.args) {
      if (arg.description) lines.push(`    ${arg.name}: ${arg.description}`);
    }
  }
  return lines.join('\n');
}
