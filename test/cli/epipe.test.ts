import { describe, expect, it } from 'vitest';
import { createCli } from '../helpers/cli-harness.js';
import { spawnKeel } from '../helpers/keel-process.js';

describe('keel with a reader that leaves early', () => {
  it('ends quietly when stdout closes (keel workflows show ID | head -1)', { timeout: 30_000 }, async () => {
    const cli = createCli();
    const run = await cli.run(
      'run',
      '--yes',
      "I'd like to return order ORD-1001, it doesn't fit",
      '--customer',
      'C-1001',
      '--db',
      cli.db,
    );
    const id = /workflow (wf_\w+)/.exec(run.stdout)?.[1] ?? '';
    const keel = spawnKeel(['workflows', 'show', id, '--db', cli.db], {}, cli.dir);
    // The reader is gone before keel has printed anything, so every write meets EPIPE.
    keel.child.stdout?.destroy();
    keel.child.stdin?.end();
    const code = await keel.exited;
    expect(keel.errors()).toBe('');
    expect(code).toBe(0);
  });
});
