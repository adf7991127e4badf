/** Texts of the `nestjs-weixin` command line. */
export const CliMessages = {
  oneOutput: (given: readonly string[]) =>
    given.length === 0
      ? 'say where the credentials go: --env, --json or --save'
      : `give one of --env, --json and --save, not ${given.map((g) => `--${g}`).join(' and ')}`,
  saved: (path: string) => `credentials saved to ${path} (mode 0600)`,
  unknownCommand: (name: string) => `unknown command "${name}"`,
} as const;
