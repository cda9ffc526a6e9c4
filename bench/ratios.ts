/**
 * The ratio part of the bench alone (keel and bare commits in alternating rounds, then LangGraph
 * sync, at FULL and NORMAL), printed as one JSON line of per-step microseconds. Uses only
 * measure.ts, which older commits have too, so bench/ab.sh can run it in a checkout of one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureKeelAndBare, measureLangGraph } from './measure.js';

const KEYS: Record<string, string> = {
  'keel executor': 'keel',
  'bare commit': 'bare',
  'bare workflow / 6': 'bareWorkflow',
  'langgraph (sync)': 'langgraph',
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-ratios-'));
const line: Record<string, number> = { load: os.loadavg()[0] ?? 0 };
try {
  for (const level of ['FULL', 'NORMAL'] as const) {
    const rows = await measureKeelAndBare(dir, level);
    rows.push((await measureLangGraph(dir, level, 'sync')).row);
    for (const row of rows) {
      const key = `${KEYS[row.system] ?? row.system}_${level}`;
      line[`${key}_mean`] = Math.round(row.perStep.meanUs);
      line[`${key}_p50`] = Math.round(row.perStep.p50Us);
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(line));
