import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { VirtualTime } from '../../src/testing/index.js';
import { TEST_NOW } from '../helpers/shop-harness.js';

async function chat(customerId: string, ...lines: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'keel-chat-about-'));
  const time = new VirtualTime(TEST_NOW);
  let stdout = '';
  const write = (text: string) => (stdout += text);
  const code = await main(['chat', '--customer', customerId, '--db', join(dir, 'keel.db')], {
    stdout: { write },
    stderr: { write },
    env: {},
    cwd: process.cwd(),
    runtime: { clock: time.clock, sleep: time.sleep },
    stdin: Readable.from([...lines, '/quit'].map((line) => `${line}\n`)),
  });
  return { code, stdout };
}

// The support agent's message is the yes: the About-to line is what they agree to, so it must be
// the previewed plan, the one that then runs, as the customer would have been asked it.
describe('keel chat: the About-to line', () => {
  it('ORD-1003 with a final-sale scarf: names the cap alone, and the cap alone is returned', async () => {
    const { code, stdout } = await chat('C-1002', 'I want to return ORD-1003');
    expect(code).toBe(0);
    const about = stdout.split('\n').find((line) => line.startsWith('About to: '));
    expect(about).toBe(
      "About to: a return of Canvas Cap from ORD-1003, with a refund of 22.00 USD. The Clearance Silk Scarf is final sale and can't be returned, so it is not included",
    );
    expect(stdout).toMatch(/reply: .*A refund of 22\.00 USD is scheduled/);
    expect(stdout).toMatch(/reply: .*The return covers: Canvas Cap\./);
  });

  it('an order with nothing returnable: the reason, no About-to line, nothing runs', async () => {
    const { stdout } = await chat('C-1013', 'I want to return ORD-1043');
    expect(stdout).not.toMatch(/About to:/);
    expect(stdout).toMatch(
      /reply: I can't set up a return of ORD-1043: the Final-Sale Sunglasses is final sale/,
    );
    expect(stdout).not.toMatch(/✓/);
  });
});
