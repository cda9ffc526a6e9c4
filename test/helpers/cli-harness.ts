import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { VirtualTime } from '../../src/testing/index.js';
import { TEST_NOW } from './shop-harness.js';

/**
 * Runs `keel` in-process with captured streams, in a temp folder with its own database, on virtual
 * time unless `realTime` (a database across the network does I/O that virtual time cannot see).
 */
export function createCli(env: Record<string, string> = {}, options: { realTime?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
  const repo = new URL('../../', import.meta.url).pathname;
  const time = new VirtualTime(TEST_NOW);
  return {
    dir,
    db: join(dir, 'keel.db'),
    async run(...argv: string[]) {
      let stdout = '';
      let stderr = '';
      const code = await main([...argv], {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
        env,
        cwd: repo,
        ...(options.realTime ? {} : { runtime: { clock: time.clock, sleep: time.sleep } }),
      });
      return { code, stdout, stderr };
    },
  };
}
