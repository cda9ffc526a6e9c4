import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
export const STAFF_TOKEN = 'e2e-staff-token-0123456789';

/**
 * `keel serve` from the build (bin/keel.js over dist/), as a user runs it: a fresh database, the
 * offline planner, development mode (no KEEL_SECRET, so the demo page gets a token).
 */
export async function startKeel(
  env: Record<string, string> = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repo, 'bin/keel.js'), 'serve', '--port', '0', '--db', join(dir, 'keel.db')],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? dir,
        KEEL_STAFF_TOKEN: STAFF_TOKEN,
        KEEL_LOG_LEVEL: 'warn',
        KEEL_LOG_FORMAT: 'json',
        // Many page loads and stream reconnects from one address in a short run.
        KEEL_RATE_LIMIT: '100000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /keel listening on (http:\/\/\S+)/.exec(output);
      if (found?.[1]) resolve(found[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`keel serve exited (${code}):\n${output}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
