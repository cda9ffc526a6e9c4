import type { Runtime } from '../runtime.js';

/** The streams and environment a CLI run works with; injected so tests can capture them. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Lines a person types, for `keel chat`. @default process.stdin */
  stdin?: NodeJS.ReadableStream;
  /** Clock, sleep, ids, randomness; tests pass virtual time so no backoff is waited for. */
  runtime?: Partial<Runtime>;
}

/** Exit codes, stable for scripts. */
export const EXIT = {
  completed: 0,
  failed: 1,
  badInput: 2,
  waiting: 3,
  /** `keel run`: the plan writes and was not confirmed (`--yes`); nothing ran. */
  needsConfirmation: 4,
} as const;

export function println(stream: CliIo['stdout'], text = ''): void {
  stream.write(`${text}\n`);
}

/** Options every command understands; each command parses strictly, so an unknown flag is bad input. */
export const COMMON_OPTIONS = {
  db: { type: 'string' },
  'database-url': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;
