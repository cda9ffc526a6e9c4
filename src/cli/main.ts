/**
 * `src/cli`: the `keel` command, the composition root. It reads the environment and flags, wires
 * a domain, a store and a planner, and maps every error through the error table to an exit code
 * in `main`, once. It may import everything (the engine, domains, the HTTP adapter, replay), never
 * `src/testing`; nothing imports it.
 */
import { classifyError } from '../error-codes.js';
import { COMMANDS } from './commands/index.js';
import { type CliIo, EXIT, println } from './io.js';
import { terminalStream } from './terminal-text.js';

export const USAGE = `keel: customer-service workflows that do not break

Usage:
  keel serve [--port 3000] [--host 127.0.0.1]           the chat-widget and staff HTTP service
  keel chat --customer ID [--planner llm|offline]       a support agent's terminal session
  keel token --customer ID [--ttl SECONDS]              a customer token signed with KEEL_SECRET
  keel run "MESSAGE" --customer ID [--planner llm|offline] [--record FILE]   plan, gate, execute, reply
  keel plan "MESSAGE" --customer ID [--planner llm|offline]  show the plan and the reasons, run nothing
  keel exec --plan FILE --customer ID [--faults SPEC]   run a plan (JSON) for a customer
  keel replay FILES... [--update]                       replay recorded conversations, report drift
  keel workflows list [--status S]                      list workflows
  keel workflows show ID                                a workflow's steps and timeline
  keel workflows recover                                resume every workflow a dead process left
  keel escalations list [--all]                         open escalations (or all)
  keel escalations approve|reject ID [--note TEXT] [--by NAME]
  keel shop show ORDER                                  an order with its labels, refunds, emails, exchanges
  keel shop find --email EMAIL | --name NAME --postal CODE   staff: find a customer to act for
  keel staff add NAME | remove NAME | list              personal staff tokens (decisions record the name)

Every command takes --db PATH (SQLite, default ./keel.db) or --database-url postgres://... (PostgreSQL,
also KEEL_DATABASE_URL; several instances share it), and --json (machine-readable output).
Exit codes: 0 completed, 1 failed/compensated/rejected, 2 bad input, 3 waiting for a human.
Environment: OPENAI_API_KEY, OPENAI_BASE_URL, KEEL_MODEL (the LLM planner; the offline planner without them),
KEEL_CONFIDENCE_THRESHOLD (default 0.8), KEEL_SANDBOX_FAULTS (e.g. create_return_label:fail=2),
KEEL_SQLITE_SYNCHRONOUS (FULL|NORMAL), KEEL_ALLOWED_ORIGINS (CORS for keel serve),
KEEL_ESCALATION_WEBHOOK and KEEL_ESCALATION_WEBHOOK_SECRET (keel serve posts opened escalations, HMAC-signed).
On/off variables (KEEL_CONFIRM_WRITES, KEEL_LLM_LOGPROBS, KEEL_REPHRASE_QUESTIONS, KEEL_LOG_PII) take 1/0, true/false, yes/no, on/off.`;

/**
 * Runs one CLI invocation and returns its exit code. Errors become exit codes here and only
 * here, through the error table (`error-codes.ts`): 2 when the caller can fix it, 1 otherwise.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    println(name ? io.stdout : io.stderr, USAGE);
    return name ? EXIT.completed : EXIT.badInput;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    println(io.stderr, `keel: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.badInput;
  }
  // Customers' words reach the screen through every command (rows, replies, timelines), so what
  // is printed is cleaned here, once, rather than at each place that prints.
  const json = rest.includes('--json');
  const safe: CliIo = {
    ...io,
    stdout: terminalStream(io.stdout, json),
    stderr: terminalStream(io.stderr, json),
  };
  try {
    return await command(rest, safe);
  } catch (error) {
    return reportError(error, safe, json);
  }
}

/**
 * The CLI's one error mapping: the message (and a plan's issues) for the operator, the exit code
 * from the error table.
 * @internal exported for the test that walks the table.
 */
export function reportError(error: unknown, io: CliIo, json: boolean): number {
  const { code, entry, message } = classifyError(error);
  const issues = (error as { issues?: unknown }).issues;
  if (json) println(io.stdout, JSON.stringify({ error: { code, message, ...(issues ? { issues } : {}) } }));
  else {
    println(io.stderr, `keel: ${message}`);
    if (Array.isArray(issues)) {
      for (const issue of issues)
        println(
          io.stderr,
          `  - ${issue.code} ${issue.stepId ?? ''} at ${issue.path.join('.')}: ${issue.message}`,
        );
    }
  }
  return entry.exit;
}
