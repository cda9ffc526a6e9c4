import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createCli } from '../helpers/cli-harness.js';

const BIN = new URL('../../bin/keel.js', import.meta.url).pathname;

describe('keel with a reader that leaves early', () => {
  it('ends quietly when stdout closes (keel workflows show ID | head -1)', { timeout: 30_000 }, async () => {
    const cli = createCli();
    const run = await cli.run(
      'run',
      "I'd like to return order ORD-1001, it doesn't fit",
      '--customer',
      'C-1001',
      '--db',
      cli.db,
    );
    const id = /workflow (wf_\w+)/.exec(run.stdout)?.[1] ?? '';
    const child = spawn(process.execPath, [BIN, 'workflows', 'show', id, '--db', cli.db], {
      cwd: cli.dir,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader is gone before keel has printed anything, so every write meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
