import { type ChildProcess, spawn } from 'node:child_process';

const BIN = new URL('../../bin/keel.js', import.meta.url).pathname;

/** `keel` as a child process, with its output collected line by line. */
export function spawnKeel(args: string[], env: Record<string, string>, cwd: string) {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
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
