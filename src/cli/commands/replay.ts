import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
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
  const reports: ReplayReport[] = [];
  for (const file of positionals) {
    reports.push(await replayConversation(resolve(io.cwd, file), { update: values.update }));
  }
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
  return failed.length === 0 || values.update ? EXIT.completed : EXIT.failed;
}

function printReport(io: CliIo, report: ReplayReport): void {
  println(
    io.stdout,
    `${report.ok ? '✓' : report.updated ? '↻' : '✗'} ${report.name}${report.updated ? ' (expectations updated)' : ''}`,
  );
  for (const turn of report.turns.filter((t) => t.drifts.length > 0)) {
    println(io.stdout, `  turn ${turn.turn} "${turn.customer}"`);
    for (const drift of turn.drifts) println(io.stdout, `    ${drift.replaceAll('\n', '\n    ')}`);
  }
}
