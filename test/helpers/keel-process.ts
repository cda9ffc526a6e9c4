import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// The sources, through tsx: a test must see the code it is testing, never a dist/ left over from
// an earlier build. The compiled entry (bin/keel.js) is checked by `npm run check:package`.
const BIN = new URL('../../src/cli/bin.ts', import.meta.url).pathname;
// Resolved here, not by name: the child runs in a temporary folder where `tsx` would not resolve.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** `keel` as a child process, with its output collected line by line. */
export function spawnKeel(args: string[], env: Record<string, string>, cwd: string) {
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX, BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => stdout,
    errors: () => stderr,
    /** Resolves with the first match of `pattern` in stdout; `ms` only bounds a failure on a slow machine. */
    async waitFor(pattern: RegExp, ms = 30_000): Promise<RegExpMatchArray> {
      const started = Date.now();
      for (;;) {
        const match = stdout.match(pattern);
        if (match) return match;
        if (Date.now() - started > ms)
          throw new Error(`timed out waiting for ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
