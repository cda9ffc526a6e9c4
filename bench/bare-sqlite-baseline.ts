import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SynchronousLevel } from '../src/store/database.js';
import { STORE_MIGRATIONS } from '../src/store/migrations.js';
import { noopPlan, STEPS } from './keel-workload.js';
import { elapsedUs } from './stats.js';

export interface BareRun {
  /** One transaction per step: insert the step row, move the cursor. */
  commitsUs: number[];
  /** The workflow row's insert plus the six step commits. */
  workflowUs: number;
}

export interface BareBench {
  db: Database.Database;
  run(): BareRun;
  close(): void;
}

/**
 * The same rows keel writes, with no executor: keel's schema (so the same indexes and foreign
 * keys), the same pragmas as keel's openDatabase, statements prepared once, one IMMEDIATE
 * transaction per step that inserts a step row like keel's and updates the workflow's cursor.
 */
export function bareBench(dir: string, synchronous: SynchronousLevel): BareBench {
  const file = path.join(dir, `bare-${synchronous.toLowerCase()}.db`);
  fs.rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  for (const migration of STORE_MIGRATIONS) db.exec(migration.sql);
  const planJson = JSON.stringify(noopPlan);
  const insertWorkflow = db.prepare(
    `INSERT INTO workflows (id, customer_id, conversation_id, intent, status, plan_json, cursor, degraded,
       outcome_json, created_at, updated_at)
     VALUES (?, 'cus_bench', NULL, 'track', 'running', ?, 0, 0, NULL, ?, ?)`,
  );
  const insertStep = db.prepare(
    `INSERT INTO steps (workflow_id, step_index, step_id, tool, status, attempts, output_json, error_json,
       finished_at) VALUES (?, ?, ?, ?, 'completed', 1, ?, NULL, ?)`,
  );
  const moveCursor = db.prepare('UPDATE workflows SET cursor = ?, updated_at = ? WHERE id = ?');
  const checkpoint = db.transaction((id: string, index: number, output: string, at: string) => {
    insertStep.run(id, index, `s${index + 1}`, `noop_step_${index + 1}`, output, at);
    moveCursor.run(index + 1, at, id);
  });
  return {
    db,
    run() {
      const started = process.hrtime.bigint();
      const id = `wf_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
      const createdAt = new Date().toISOString();
      insertWorkflow.run(id, planJson, createdAt, createdAt);
      const commitsUs: number[] = [];
      for (let index = 0; index < STEPS; index++) {
        const start = process.hrtime.bigint();
        const output = JSON.stringify({ [`step${index + 1}`]: { n: index + 1 } });
        checkpoint.immediate(id, index, output, new Date().toISOString());
        commitsUs.push(elapsedUs(start));
      }
      return { commitsUs, workflowUs: elapsedUs(started) };
    },
    close: () => db.close(),
  };
}
