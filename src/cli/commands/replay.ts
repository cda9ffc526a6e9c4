import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { classifyError, type ErrorCode } from '../../error-codes.js';
import { InputError } from '../../errors.js';
import { type ReplayReport, replayConversation } from '../../replay/replay.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';

/** `keel replay FILES...`: replays recorded conversations and reports every drift per turn. */
export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, update: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0) throw new InputError('keel replay needs one or more cassette files');
  const { reports, exit } = await replayFiles(
    positionals.map((file) => resolve(io.cwd, file)),
    (file) => replayConversation(file, { update: values.update }),
  );
  const failed = reports.filter((r) => !r.ok);
  if (values.json) {
    println(
      io.stdout,
      JSON.stringify({ passed: reports.length - failed.length, failed: failed.length, reports }, null, 2),
    );
  } else {
    for (const report of reports) printReport(io, report);
    println(
      io.stdout,
      `${reports.length - failed.length} passed, ${failed.length} ${values.update ? 'updated' : 'failed'}`,
    );
  }
  if (exit !== null) return exit;
  return failed.length === 0 || values.update ? EXIT.completed : EXIT.failed;
}

/** A cassette that could not be replayed at all, with the error's table code. */
export interface FileError {
  name: string;
  file: string;
  ok: false;
  turns: [];
  updated: false;
  error: { code: ErrorCode; message: string };
}

/**
 * Replays each file; an error is mapped through the error table: one whose `session` is
 * `continue` (a bad or unreadable file) fails that file and the run goes on, with the table's exit
 * code at the end; one that ends a session (msw missing: `CONFIG_INVALID`) stops the run.
 * @internal exported for the test that walks the table.
 */
export async function replayFiles(
  files: string[],
  replayOne: (file: string) => Promise<ReplayReport>,
): Promise<{ reports: (ReplayReport | FileError)[]; exit: number | null }> {
  const reports: (ReplayReport | FileError)[] = [];
  let exit: number | null = null;
  for (const file of files) {
    try {
      reports.push(await replayOne(file));
    } catch (error) {
      const { code, entry, message } = classifyError(error);
      if (entry.session === 'end') throw error;
      exit ??= entry.exit;
      const name = file.replace(/^.*\//, '');
      reports.push({ name, file, ok: false, turns: [], updated: false, error: { code, message } });
    }
  }
  return { reports, exit };
}

function printReport(io: CliIo, report: ReplayReport | FileError): void {
  if ('error' in report) {
    println(io.stdout, `✗ ${report.name}: ${report.error.message} (${report.error.code})`);
    return;
  }
  println(
    io.stdout,
    `${report.ok ? '✓' : report.updated ? '↻' : '✗'} ${report.name}${report.updated ? ' (expectations updated)' : ''}`,
  );
  for (const turn of report.turns.filter((t) => t.drifts.length > 0)) {
    println(io.stdout, `  turn ${turn.turn} "${turn.customer}"`);
    for (const drift of turn.drifts) println(io.stdout, `    ${drift.replaceAll('\n', '\n    ')}`);
  }
}
