/**
 * Start-up time of the `keel` command, compiled (bin/keel.js over dist/, what the package runs)
 * against the TypeScript sources through tsx (how bin/keel.js ran before the build): `keel --help`
 * to exit, and `keel serve` until `/healthz` answers. Runs alternate between the two so machine
 * noise falls on both; one warm-up each fills the file cache and tsx's transform cache.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Summary, summarize } from './stats.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const RUNNERS = {
  compiled: ['bin/keel.js'],
  tsx: ['--import', 'tsx', 'src/cli/bin.ts'],
} as const;
type Runner = keyof typeof RUNNERS;

export interface StartupRow {
  command: string;
  runner: Runner;
  /** Microseconds, like the other rows of the bench. */
  summary: Summary;
}

const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  KEEL_SECRET: 'bench-secret',
  KEEL_STAFF_TOKEN: 'bench-staff',
  KEEL_LOG_LEVEL: 'warn',
};

/** Runs `keel args` and resolves with the microseconds until `ready` says it is up, then stops it. */
function timeOnce(
  runner: Runner,
  args: string[],
  ready: (stdout: string) => Promise<boolean>,
): Promise<number> {
  const began = performance.now();
  const child = spawn(process.execPath, [...RUNNERS[runner], ...args], { cwd: REPO, env: ENV });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      const us = (performance.now() - began) * 1000;
      child.kill('SIGTERM');
      void exited.then(() => (error ? reject(error) : resolve(us)));
    };
    void exited.then((code) => {
      if (!done)
        finish(code === 0 ? undefined : new Error(`keel ${args.join(' ')} exited ${code}: ${stderr}`));
    });
    const poll = async () => {
      while (!done) {
        if (await ready(stdout).catch(() => false)) return finish();
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    void poll();
  });
}

/** `/healthz` answers 200 at the address `keel serve` printed. */
async function healthy(stdout: string): Promise<boolean> {
  const base = stdout.match(/keel listening on (http:\/\/[\d.]+:\d+)/)?.[1];
  if (!base) return false;
  return (await fetch(`${base}/healthz`)).status === 200;
}

const COMMANDS: { command: string; args: string[]; ready: (stdout: string) => Promise<boolean> }[] = [
  // --help exits by itself; "ready" never answers, so the time is the time to exit.
  { command: 'keel --help', args: ['--help'], ready: async () => false },
  {
    command: 'keel serve until /healthz',
    args: ['serve', '--port', '0', '--db', ':memory:'],
    ready: healthy,
  },
];

export async function measureStartup(runs = 7): Promise<{ rows: StartupRow[]; text: string }> {
  if (!existsSync(`${REPO}dist/cli/bin.js`)) throw new Error('dist/ is missing: run `npm run build` first');
  const rows: StartupRow[] = [];
  for (const { command, args, ready } of COMMANDS) {
    const samples: Record<Runner, number[]> = { compiled: [], tsx: [] };
    for (let i = 0; i <= runs; i++) {
      for (const runner of ['compiled', 'tsx'] as const) {
        const us = await timeOnce(runner, args, ready);
        if (i > 0) samples[runner].push(us);
      }
    }
    for (const runner of ['compiled', 'tsx'] as const)
      rows.push({ command, runner, summary: summarize(samples[runner]) });
  }
  const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  const lines = rows.map(
    (r) =>
      `  ${r.command.padEnd(26)} ${r.runner.padEnd(9)} p50 ${ms(r.summary.p50Us).padStart(8)}` +
      `  min ${ms(r.summary.minUs).padStart(8)}  max ${ms(r.summary.maxUs).padStart(8)}`,
  );
  return { rows, text: `\nStart-up (${runs} runs each, after one warm-up):\n${lines.join('\n')}` };
}
