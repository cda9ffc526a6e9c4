/**
 * `src/cli/commands`: one module per `keel` subcommand, each `(args, io) => exit code`; they parse
 * their own flags strictly and throw keel errors, which `main` alone turns into exit codes. They
 * may import everything the CLI may (engine, domains, server, replay) and `src/cli` helpers.
 */
import type { CliIo } from '../io.js';
import { chatCommand } from './chat.js';
import { escalationsCommand } from './escalations.js';
import { execCommand } from './exec.js';
import { planCommand } from './plan.js';
import { replayCommand } from './replay.js';
import { runCommand } from './run.js';
import { serveCommand } from './serve.js';
import { shopCommand } from './shop.js';
import { staffCommand } from './staff.js';
import { tokenCommand } from './token.js';
import { workflowsCommand } from './workflows.js';

/** A subcommand: its arguments after the name, the streams; resolves to the exit code. */
export type Command = (args: string[], io: CliIo) => Promise<number>;

/** Every `keel` subcommand by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  serve: serveCommand,
  chat: chatCommand,
  token: tokenCommand,
  exec: execCommand,
  replay: replayCommand,
  plan: planCommand,
  run: runCommand,
  workflows: workflowsCommand,
  escalations: escalationsCommand,
  shop: shopCommand,
  staff: staffCommand,
};
