/**
 * The one error table: every code keel answers with, and what each adapter does with it. The
 * HTTP error handler and its event stream, the CLI's `main`, `keel chat` and `keel replay` read it
 * and nothing else, so a status, an exit code or a session's fate is changed here, once.
 * The README's "Errors" table is checked against this one by a test.
 */
import { KeelError } from './errors.js';

/** Every error code keel answers with: thrown `KeelError`s, then the HTTP adapter's own. */
export const ERROR_CODES = [
  'INPUT_INVALID',
  'PLAN_INVALID',
  'IDEMPOTENCY_KEY_REUSED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'CONVERSATION_NOT_FOUND',
  'ORDER_NOT_FOUND',
  'WORKFLOW_NOT_FOUND',
  'ESCALATION_NOT_FOUND',
  'ESCALATION_ALREADY_DECIDED',
  'WORKFLOW_STATE_INVALID',
  'RESOURCE_BUSY',
  'REPLY_UNSAFE',
  'REPLY_SUPERSEDED',
  'CONFIG_INVALID',
  'TOOL_DEFINITION_INVALID',
  'TOOL_DUPLICATE',
  'TOOL_UNKNOWN',
  'TOOL_RETRYABLE',
  'TOOL_PERMANENT',
  'MONEY_OVER_BOUND',
  'TOOL_ESCALATE',
  'STEP_TIMEOUT',
  'MODEL_UNAVAILABLE',
  'STORE_FAILED',
  'LEASE_LOST',
  'REPLAY_MISMATCH',
  'UNEXPECTED_MODEL_CALL',
  'UNEXPECTED_PLANNER_CALL',
  'INTERNAL',
  'BAD_REQUEST',
  'BAD_URL',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'REQUEST_TIMEOUT',
  'BODY_TOO_LARGE',
  'URI_TOO_LONG',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'HEADERS_TOO_LARGE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Who must act: the caller (fix the request, flag or file) or keel's side (its code, setup or backends). */
export type ErrorFault = 'client' | 'keel';

/**
 * CLI exit codes for errors: `2` bad input (the caller can fix it), `1` failed. Outcomes that are
 * not errors have their own (`EXIT` in src/cli/io.ts): `0` completed, `3` waiting for a human, `4`
 * needs confirmation (`keel run` planned a write without `--yes`; nothing ran).
 */
export type ErrorExitCode = 1 | 2;

/** How one code is answered by every adapter. */
export interface ErrorEntry {
  /** One sentence for a reader of the API; the public message of keel-side errors. */
  meaning: string;
  /** HTTP status; a 500 is answered as `INTERNAL` with a generic message, the cause only logged. */
  http: number;
  /** `keel` exit code when a command ends with this error. */
  exit: ErrorExitCode;
  fault: ErrorFault;
  /** Whether the same request, unchanged, may succeed later. */
  retryable: boolean;
  /**
   * What an interactive session (`keel chat`, a `keel replay` run over several files) does after
   * this error: `continue` reports it and takes the next line or file; `end` stops with `exit`,
   * because nothing after it can work with this setup. An SSE stream is one turn: it always sends
   * the error as its last event, with the code and message the JSON answer would carry.
   */
  session: 'continue' | 'end';
}

type Extra = Partial<Pick<ErrorEntry, 'exit' | 'retryable' | 'session'>>;
const client = (http: number, meaning: string, extra: Extra = {}): ErrorEntry => ({
  meaning,
  http,
  exit: 2,
  fault: 'client',
  retryable: false,
  session: 'continue',
  ...extra,
});
const keel = (http: number, meaning: string, extra: Extra = {}): ErrorEntry => ({
  meaning,
  http,
  exit: 1,
  fault: 'keel',
  retryable: false,
  session: 'continue',
  ...extra,
});

/** The table itself: one entry per code, checked complete by the compiler. */
export const ERRORS: Readonly<Record<ErrorCode, ErrorEntry>> = {
  INPUT_INVALID: client(400, 'A request body, flag, file or message is not what keel accepts'),
  PLAN_INVALID: client(422, 'A plan failed validation; every problem is listed in `issues`'),
  IDEMPOTENCY_KEY_REUSED: client(422, 'The Idempotency-Key already answered a different message'),
  UNAUTHORIZED: client(401, 'No valid credentials'),
  FORBIDDEN: client(403, 'The credentials do not allow this'),
  CONVERSATION_NOT_FOUND: client(404, "No such conversation (or it is someone else's)"),
  ORDER_NOT_FOUND: client(404, 'No such order in the shop (staff lookup)'),
  WORKFLOW_NOT_FOUND: client(404, "No such workflow (or it is someone else's)"),
  ESCALATION_NOT_FOUND: client(404, 'No such escalation'),
  ESCALATION_ALREADY_DECIDED: client(409, 'The escalation was already decided the other way'),
  WORKFLOW_STATE_INVALID: client(409, 'The workflow is not in a state that allows this'),
  RESOURCE_BUSY: client(409, 'Another workflow is acting on the same order or account; it was left alone'),
  REPLY_UNSAFE: client(
    422,
    'A reply a person wrote or edited asks for payment data or credentials; it was not sent',
  ),
  REPLY_SUPERSEDED: client(409, 'The reply is no longer the last message; it can no longer be edited'),
  // A setting the CLI's user gave (exit 2), but on a server it is the deployment's (500).
  CONFIG_INVALID: keel(500, 'A setting or definition is wrong; keel says which', { exit: 2, session: 'end' }),
  TOOL_DEFINITION_INVALID: keel(500, 'A tool definition is malformed', { session: 'end' }),
  TOOL_DUPLICATE: keel(500, 'Two tools share a name', { session: 'end' }),
  TOOL_UNKNOWN: keel(500, 'A stored workflow names a tool no longer registered'),
  TOOL_RETRYABLE: keel(503, 'A tool failed in a way a later attempt may fix', { retryable: true }),
  TOOL_PERMANENT: keel(500, 'A tool failed for good'),
  MONEY_OVER_BOUND: keel(500, "A step would move more money than the plan's checks computed; it was refused"),
  TOOL_ESCALATE: keel(500, 'A tool asked for a person outside a workflow'),
  STEP_TIMEOUT: keel(503, 'A tool did not answer in time', { retryable: true }),
  MODEL_UNAVAILABLE: keel(503, 'The model service could not be used; try again shortly', { retryable: true }),
  STORE_FAILED: keel(503, 'The database could not be read or written; try again shortly', {
    retryable: true,
  }),
  LEASE_LOST: keel(503, 'Another instance took this workflow over; it goes on there', { retryable: true }),
  REPLAY_MISMATCH: keel(500, "A workflow's checkpoints do not match its stored plan; it stays stopped"),
  UNEXPECTED_MODEL_CALL: keel(500, 'A scripted model (keel/testing) ran out of answers', { session: 'end' }),
  UNEXPECTED_PLANNER_CALL: keel(500, 'A scripted planner (keel/testing) ran out of plans', {
    session: 'end',
  }),
  INTERNAL: keel(500, 'Something went wrong on our side; it has been logged'),
  BAD_REQUEST: client(400, 'The request is not valid HTTP, or not understood'),
  BAD_URL: client(400, 'The URL is not valid (a bad %-escape?)'),
  NOT_FOUND: client(404, 'No such route'),
  METHOD_NOT_ALLOWED: client(405, 'The route does not take this method'),
  NOT_ACCEPTABLE: client(406, 'The route cannot answer in a type the Accept header allows'),
  REQUEST_TIMEOUT: client(408, 'The request took too long to arrive', { retryable: true }),
  BODY_TOO_LARGE: client(413, 'The request body is too large'),
  URI_TOO_LONG: client(414, 'An id in the URL is too long'),
  UNSUPPORTED_MEDIA_TYPE: client(415, 'Send the body as application/json'),
  RATE_LIMITED: client(429, 'Too many requests; wait for Retry-After', { retryable: true }),
  HEADERS_TOO_LARGE: client(431, 'The request line or headers are too large'),
};

/** An error as an adapter shows it: its code, its table entry, and the message to show. */
export interface ClassifiedError {
  code: ErrorCode;
  entry: ErrorEntry;
  /** The error's own message (for the operator: the CLI, logs). */
  message: string;
}

/** Whether a string is one of the table's codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERRORS, code);
}

/**
 * The message an outside client may see for an error: its own for a client's error (it says what
 * to fix), the table's meaning for keel's side (its own may name internals: SQL, paths, a model
 * server's body); a 500 becomes `INTERNAL`.
 */
export function publicError(
  code: ErrorCode,
  message: string,
): { status: number; code: ErrorCode; message: string } {
  const entry = ERRORS[code];
  if (entry.http === 500) return { status: 500, code: 'INTERNAL', message: `${ERRORS.INTERNAL.meaning}.` };
  return { status: entry.http, code, message: entry.fault === 'client' ? message : entry.meaning };
}

/**
 * Any thrown value under a table code: a `KeelError`'s own code, a malformed command line (Node's
 * `ERR_PARSE_ARGS_*`) as `INPUT_INVALID`, anything else `INTERNAL`.
 */
export function classifyError(error: unknown): ClassifiedError {
  const own = (error as { code?: unknown } | null)?.code;
  const code: ErrorCode =
    error instanceof KeelError
      ? error.code
      : typeof own === 'string' && own.startsWith('ERR_PARSE_ARGS')
        ? 'INPUT_INVALID'
        : 'INTERNAL';
  return { code, entry: ERRORS[code], message: error instanceof Error ? error.message : String(error) };
}
