#!/usr/bin/env node
import {
  SIMULATOR_USAGE,
  simulatorCommand,
} from '../../../ilink-simulator/src/simulator.command.js';
import { CliMessages as M } from './cli.messages.js';
import { LOGIN_USAGE, loginCommand } from './login.command.js';

const USAGE = `Usage:\n  ${SIMULATOR_USAGE.replace(/\n/g, '\n  ')}\n  ${LOGIN_USAGE.replace(/\n/g, '\n  ')}\n`;

/** `npx nestjs-weixin <simulator | login> …`: the package's command line. */
async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'simulator':
      await simulatorCommand(args);
      return 0;
    case 'login':
      return loginCommand(args, {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
        env: process.env,
      });
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`${M.unknownCommand(command)}\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
