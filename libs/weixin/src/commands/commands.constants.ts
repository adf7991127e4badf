/** Metadata key (on the handler method) of the `RegisteredCommandSpec[]` of `@OnWeixinCommand`. */
export const WEIXIN_COMMANDS_METADATA = 'weixin:commands';

/** What a command's name may be: letters, digits, `_` and `-`, up to 32, starting with a letter. */
export const COMMAND_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/** The characters that start a command: the ASCII slash and the full-width one of CJK keyboards. */
export const COMMAND_PREFIXES = ['/', '\uff0f'] as const;

/** The name of the generated help command. */
export const HELP_COMMAND = 'help';
