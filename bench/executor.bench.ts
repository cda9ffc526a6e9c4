/**
 * keel's executor against a bare better-sqlite3 commit and LangGraph.js, all on SQLite files, and
 * the `keel` command's start-up, compiled against tsx.
 * Run with `npm run bench`; prints a table and ratios and writes bench/results.json. A report,
 * not a gate: it exits 0 whether or not the targets are met.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DEFAULT_SYNCHRONOUS } from '../src/defaults.js';
import { writeJson } from './json-file.js';
import { profileKeel } from './keel-profile.js';
import { STEPS } from './keel-workload.js';
import type { SaverSettings } from './langgraph-baseline.js';
import { LEVELS, measureKeelAndBare, measureLangGraph, ROUNDS, WARMUP, WORKFLOWS } from './measure.js';
import { benchPostgres, type PostgresBench } from './postgres.js';
import { formatRatios, formatTable, type Ratio, type ResultRow, ratio } from './report.js';
import { measureStartup } from './startup.js';

function find(rows: ResultRow[], system: string, level: string): ResultRow {
  const row = rows.find((r) => r.system === system && r.synchronous === level);
  if (!row) throw new Error(`No result for ${system} at ${level}`);
  return row;
}

/** The targets: keel within 1.5x of a bare commit, LangGraph at least 10x slower than keel. */
function ratiosAt(rows: ResultRow[], level: string): Ratio[] {
  const keel = find(rows, 'keel executor', level).perStep;
  const bare = find(rows, 'bare commit', level).perStep;
  const bareWorkflow = find(rows, 'bare workflow / 6', level).perStep;
  const langgraph = find(rows, 'langgraph (sync)', level).perStep;
  return [
    ratio('keel step / bare commit', level, keel, bare, { op: '<=', value: 1.5 }),
    ratio('keel step / bare workflow-per-step', level, keel, bareWorkflow),
    ratio('langgraph(sync) step / keel step', level, langgraph, keel, { op: '>=', value: 10 }),
  ];
}

async function main(): Promise<void> {
  const began = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-bench-'));
  const probe = new Database(':memory:');
  const sqlite = probe.prepare('SELECT sqlite_version()').pluck().get() as string;
  probe.close();
  console.log(
    `keel executor bench: ${WORKFLOWS} workflows of ${STEPS} no-op steps after ${WARMUP} warm-up, ` +
      `Node ${process.version}, SQLite ${sqlite}, ${os.cpus().length} cpus, files in ${dir}`,
  );
  const load = os.loadavg();
  const loadText = load.map((l) => l.toFixed(2)).join(' ');
  console.log(`Load average before the run: ${loadText} (other processes on this machine add noise)`);
  console.log(`keel's default synchronous level: ${DEFAULT_SYNCHRONOUS}; all times in microseconds\n`);
  const rows: ResultRow[] = [];
  const langgraph: Record<string, { settings: SaverSettings; footprint: object }> = {};
  try {
    for (const level of LEVELS) {
      rows.push(...(await measureKeelAndBare(dir, level)));
      const durabilities = level === DEFAULT_SYNCHRONOUS ? (['sync', 'async'] as const) : (['sync'] as const);
      for (const durability of durabilities) {
        const { row, settings, footprint } = await measureLangGraph(dir, level, durability);
        rows.push(row);
        langgraph[`${level}/${durability}`] = { settings, footprint };
      }
    }
    const ratios = LEVELS.flatMap((level) => ratiosAt(rows, level));
    console.log(formatTable(rows));
    console.log('\nRatios (judged on the mean):');
    console.log(formatRatios(ratios));
    console.log('\nLangGraph saver settings (its own better-sqlite3 connection):');
    for (const [key, { settings, footprint }] of Object.entries(langgraph)) {
      console.log(
        `  ${key}: journal_mode=${settings.journalMode}, ` +
          `synchronous as shipped=${settings.shippedSynchronous}, ` +
          `set for the bench=${settings.benchSynchronous}; wrote ${JSON.stringify(footprint)}`,
      );
    }
    const profile = await profileKeel(dir, LEVELS);
    console.log(profile.text);
    const startup = await measureStartup();
    console.log(startup.text);
    const pgUrl = process.env.KEEL_BENCH_DATABASE_URL || process.env.KEEL_TEST_DATABASE_URL;
    let postgres: PostgresBench | null = null;
    if (pgUrl) {
      postgres = await benchPostgres(pgUrl);
      console.log(postgres.text);
    } else
      console.log(
        '\nPostgreSQL: skipped (set KEEL_BENCH_DATABASE_URL to a database keel may add a schema to)',
      );
    const seconds = (performance.now() - began) / 1000;
    console.log(`\nDone in ${seconds.toFixed(1)} s`);
    const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');
    const meta = {
      date: new Date().toISOString(),
      node: process.version,
      sqlite,
      cpus: os.cpus().length,
      loadAverageBefore: load,
    };
    const config = { warmup: WARMUP, workflows: WORKFLOWS, steps: STEPS, rounds: ROUNDS, seconds };
    const json = {
      meta,
      config,
      results: rows,
      ratios,
      langgraph,
      profile: profile.data,
      startup: startup.rows,
      postgres: postgres && { perStep: postgres.perStep, throughput: postgres.throughput },
    };
    writeJson(out, json);
    console.log(`Wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
