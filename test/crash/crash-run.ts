import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Random } from '../../src/runtime.js';
import { seededRandom } from '../../src/testing/index.js';
import { writeCrashSeed } from './crash-plans.js';
import type { WorkerJob } from './crash-worker.js';
import { KILL_KINDS, type KillAt, type KillKind } from './kill-points.js';

const WORKER = new URL('./crash-worker.ts', import.meta.url).pathname;

/** A kill campaign: how much work, how kills are chosen, how often tools fail. */
export interface Campaign {
  workflows: number;
  /** Stop killing after this many kills and let the last worker finish. @default no limit */
  maxKills?: number;
  faultRate: number;
  seed: number;
  /** Kill point numbers are drawn from 1..span[kind]: about this many points of that kind per kill. */
  span: Record<KillKind, number>;
  /** Recover with KeelApp.recover (which posts owed replies). @default true */
  repair?: boolean;
}

export interface CampaignRun {
  dir: string;
  db: string;
  /** Customers in the seed (more than workflows: some turns die before their workflow exists). */
  orders: number;
  kills: Record<KillKind, number>;
  acks: Set<string>;
  repliedLate: number;
}

/** Starts workers over one database, each killed at its chosen point, until the work is done. */
export async function runCampaign(campaign: Campaign): Promise<CampaignRun> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-crash-'));
  const orders = Math.ceil(campaign.workflows * 1.5) + 20;
  writeCrashSeed(dir, orders);
  const run: CampaignRun = {
    dir,
    db: join(dir, 'keel.db'),
    orders,
    kills: Object.fromEntries(KILL_KINDS.map((k) => [k, 0])) as Record<KillKind, number>,
    acks: new Set(),
    repliedLate: 0,
  };
  const random = seededRandom(campaign.seed);
  const log = join(dir, 'worker.log');
  for (let round = 0; ; round++) {
    const total = Object.values(run.kills).reduce((a, b) => a + b, 0);
    const kill =
      total < (campaign.maxKills ?? Number.POSITIVE_INFINITY) ? killFor(round, campaign, random) : null;
    await spawnWorker({
      db: run.db,
      seedDir: dir,
      log,
      workflows: campaign.workflows,
      kill,
      faultRate: campaign.faultRate,
      seed: campaign.seed * 100_003 + round,
      repair: campaign.repair ?? true,
    });
    const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
    const last = readRound(lines, run);
    if (last === 'DONE') return run;
    if (last !== 'KILL') throw new Error(`crash worker round ${round} ended without DONE or KILL`);
  }
}

/** The kinds take turns, so every commit point is hit in every cycle of five kills. */
function killFor(round: number, campaign: Campaign, random: Random): KillAt {
  const kind = KILL_KINDS[round % KILL_KINDS.length] as KillKind;
  return { kind, at: 1 + Math.floor(random() * campaign.span[kind]) };
}

/** Reads this round's lines (after the last `ROUND` marker) into the run; returns how it ended. */
function readRound(lines: string[], run: CampaignRun): 'DONE' | 'KILL' | null {
  let last: 'DONE' | 'KILL' | null = null;
  const start = lines.lastIndexOf('ROUND');
  for (const line of lines.slice(start + 1)) {
    const [tag, a, b] = line.split(' ');
    if (tag === 'ACK') run.acks.add(`${a} ${b}`);
    else if (tag === 'LATE') run.repliedLate++;
    else if (tag === 'KILL') {
      run.kills[a as KillKind]++;
      last = 'KILL';
    } else if (tag === 'DONE') last = 'DONE';
  }
  return last;
}

function spawnWorker(job: WorkerJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve();
      else reject(new Error(`crash worker exited with ${code ?? signal}: ${stderr}`));
    });
  });
}
