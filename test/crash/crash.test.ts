import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { TERMINAL_STATUSES } from '../../src/store/store.js';
import { seededRandom } from '../../src/testing/index.js';
import { CRASH_ORDERS, crashWorkload, isGated, writeCrashSeed } from './crash-plans.js';

const KILLS = 60;
const worker = new URL('./crash-worker.ts', import.meta.url).pathname;

interface Run {
  acks: string[];
  finished: boolean;
}

/** Starts the worker; once it says READY, kills it with SIGKILL after `killAfterMs` (or lets it finish). */
function runWorker(db: string, seed: string, killAfterMs: number | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', worker, db, seed], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = { acks: [], finished: false };
    let buffer = '';
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'READY' && killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else if (line === 'FINISHED') run.finished = true;
        else if (line.startsWith('ACK ')) run.acks.push(line.slice(4));
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve(run);
      else reject(new Error(`crash worker exited with ${code}: ${stderr}`));
    });
  });
}

describe('crash safety', () => {
  it('loses no acknowledged step and repeats no side effect across 60 SIGKILLs', {
    timeout: 240_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-crash-'));
    const db = join(dir, 'keel.db');
    writeCrashSeed(dir);
    const random = seededRandom(42);
    const acks = new Set<string>();
    let kills = 0;
    while (kills < KILLS) {
      // Mostly mid-workload, sometimes at once (inside recovery), sometimes later.
      const delay = Math.floor(random() < 0.2 ? random() * 3 : random() * 80);
      const run = await runWorker(db, dir, delay);
      for (const ack of run.acks) acks.add(ack);
      if (run.finished) break;
      kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(50);

    const app = openRetailKeel({ dbPath: db, seedDir: dir });
    try {
      await app.executor.recover();
      const workflows = app.store.listWorkflows();
      expect(workflows.length).toBeGreaterThanOrEqual(20);
      for (const w of workflows) expect([...TERMINAL_STATUSES, 'waiting_for_human']).toContain(w.status);

      // The kills landed inside workflows, not only between them.
      const recovered = workflows.filter((w) =>
        app.store.journal(w.id).some((e) => e.type === 'workflow.recovered'),
      );
      expect(recovered.length).toBeGreaterThanOrEqual(10);

      const lost = [...acks].filter((ack) => {
        const [workflowId, stepId] = ack.split(' ');
        return !app.store
          .steps(workflowId as string)
          .some((s) => s.stepId === stepId && s.status === 'completed');
      });
      expect(lost).toEqual([]);

      for (const [n, w] of workflows.entries()) {
        const { orderId } = crashWorkload(n);
        const record = await app.shop.describeOrder(orderId);
        const counts = [record?.labels.length, record?.refunds.length, record?.emails.length];
        if (w.status === 'completed') expect(counts).toEqual([1, 1, 1]);
        else if (isGated(n))
          expect({ status: w.status, counts }).toEqual({ status: 'waiting_for_human', counts: [1, 0, 0] });
        else throw new Error(`workflow ${w.id} for ${orderId} ended ${w.status}`);
      }
      for (let n = workflows.length; n < CRASH_ORDERS; n++) {
        const record = await app.shop.describeOrder(crashWorkload(n).orderId);
        expect([record?.labels, record?.refunds, record?.emails]).toEqual([[], [], []]);
      }
    } finally {
      app.close();
    }
  });
});
