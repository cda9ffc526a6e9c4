import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { SqliteDatabase, SynchronousLevel } from '../src/store/database.js';
import { STORE_MIGRATIONS } from '../src/store/migrations.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { NewEvent, StepRecord } from '../src/store/store.js';
import { noopPlan, STEPS } from './keel-workload.js';
import { elapsedUs } from './stats.js';

/** One way of writing a six-step workflow's checkpoints; returns each step commit's time. */
export interface Variant {
  name: string;
  db: SqliteDatabase;
  /** Microseconds of each step commit of one workflow (the store's awaited, as the executor does). */
  workflow(): number[] | Promise<number[]>;
}

const newId = () => `wf_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
const output = (index: number) => ({ [`step${index + 1}`]: { n: index + 1 } });

export function openBare(file: string, synchronous: SynchronousLevel, autoincrement = true): SqliteDatabase {
  fs.rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  for (const { sql } of STORE_MIGRATIONS) {
    db.exec(autoincrement ? sql : sql.replace('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER PRIMARY KEY'));
  }
  return db;
}

/** Bare better-sqlite3 on keel's schema, adding keel's extra work one piece at a time. */
export function bareVariant(
  name: string,
  db: SqliteDatabase,
  extra: { journal?: boolean; keelCursor?: boolean; txPerCall?: boolean },
): Variant {
  const insertWorkflow = db.prepare(
    `INSERT INTO workflows (id, customer_id, intent, status, plan_json, created_at, updated_at)
     VALUES (?, 'cus_bench', 'track', 'running', ?, ?, ?)`,
  );
  const insertStep = db.prepare(
    `INSERT INTO steps (workflow_id, step_index, step_id, tool, status, attempts, output_json, error_json,
       finished_at) VALUES (?, ?, ?, ?, 'completed', 1, ?, NULL, ?)`,
  );
  const moveCursor = extra.keelCursor
    ? db.prepare(
        `UPDATE workflows SET cursor = ?, status = coalesce(?, status), degraded = coalesce(?, degraded),
           outcome_json = coalesce(NULL, outcome_json), updated_at = ? WHERE id = ?`,
      )
    : db.prepare('UPDATE workflows SET cursor = ?, updated_at = ? WHERE id = ?');
  const appendEvent = db.prepare(
    `INSERT INTO journal (workflow_id, at, type, step_id, data_json) VALUES (?, ?, 'step.completed', ?, ?)`,
  );
  const body = (id: string, index: number, json: string, at: string) => {
    insertStep.run(id, index, `s${index + 1}`, `noop_step_${index + 1}`, json, at);
    if (extra.keelCursor) moveCursor.run(index + 1, null, 0, at, id);
    else moveCursor.run(index + 1, at, id);
    if (!extra.journal) return;
    const data = { tool: `noop_step_${index + 1}`, attempts: 1, output: JSON.parse(json) as unknown };
    appendEvent.run(id, at, `s${index + 1}`, JSON.stringify(data));
  };
  const once = db.transaction(body);
  const planJson = JSON.stringify(noopPlan);
  return {
    name,
    db,
    workflow() {
      const id = newId();
      const at = new Date().toISOString();
      insertWorkflow.run(id, planJson, at, at);
      return Array.from({ length: STEPS }, (_, index) => {
        const start = process.hrtime.bigint();
        const json = JSON.stringify(output(index));
        const finishedAt = new Date().toISOString();
        if (extra.txPerCall) db.transaction(body).immediate(id, index, json, finishedAt);
        else once.immediate(id, index, json, finishedAt);
        return elapsedUs(start);
      });
    },
  };
}

/** keel's SqliteStore.checkpointStep alone, called with what forward.ts passes for a no-op step. */
export function storeVariant(file: string, synchronous: SynchronousLevel): Variant {
  fs.rmSync(file, { force: true });
  const store = SqliteStore.open(file, { synchronous });
  const { validated: _, ...plan } = { ...noopPlan, validated: true };
  return {
    name: 'keel store.checkpointStep alone',
    db: store.db,
    async workflow() {
      const id = newId();
      const at = new Date().toISOString();
      const started: NewEvent = { workflowId: id, at, type: 'workflow.started', stepId: null, data: {} };
      await store.createWorkflow(
        {
          id,
          customerId: 'cus_bench',
          conversationId: null,
          intent: 'track',
          status: 'running',
          plan,
          cursor: 0,
          degraded: false,
          outcome: null,
          createdAt: at,
          updatedAt: at,
          leaseOwner: null,
          leaseExpiresAt: null,
        },
        started,
      );
      const commitsUs: number[] = [];
      for (let index = 0; index < STEPS; index++) {
        const start = process.hrtime.bigint();
        const finishedAt = new Date().toISOString();
        const base = { workflowId: id, index, stepId: `s${index + 1}`, tool: `noop_step_${index + 1}` };
        const step: StepRecord = {
          ...base,
          status: 'completed',
          attempts: 1,
          output: output(index),
          error: null,
          finishedAt,
        };
        const data = { tool: step.tool, attempts: 1, output: step.output };
        const events: NewEvent[] = [
          { workflowId: id, at: finishedAt, type: 'step.completed', stepId: step.stepId, data },
        ];
        const last = index === STEPS - 1;
        if (last)
          events.push({ workflowId: id, at: finishedAt, type: 'workflow.completed', stepId: null, data: {} });
        await store.checkpointStep({
          step,
          cursor: index + 1,
          events,
          degraded: false,
          ...(last ? { status: 'completed' } : {}),
        });
        commitsUs.push(elapsedUs(start));
      }
      return commitsUs;
    },
  };
}
