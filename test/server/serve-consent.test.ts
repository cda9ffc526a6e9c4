import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { customerFacingEnv } from '../../src/cli/commands/serve.js';
import { mintCustomerToken } from '../../src/server/auth.js';
import { spawnKeel } from '../helpers/keel-process.js';

const SECRET = 'consent-test-secret-0123456789abcdef';

describe('keel serve asks the customer before every write', () => {
  it('drops KEEL_CONFIRM_WRITES from the environment it opens keel with', () => {
    expect(customerFacingEnv({ KEEL_CONFIRM_WRITES: '0', KEEL_SECRET: 's' })).toEqual({ KEEL_SECRET: 's' });
  });

  it('asks before a return even with KEEL_CONFIRM_WRITES=0', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-serve-consent-'));
    const env = {
      KEEL_SECRET: SECRET,
      KEEL_STAFF_TOKEN: 'staff-token',
      KEEL_LOG_LEVEL: 'warn',
      KEEL_CONFIRM_WRITES: '0',
    };
    const keel = spawnKeel(['serve', '--port', '0', '--db', join(dir, 'keel.db')], env, dir);
    try {
      const [, base] = await keel.waitFor(/keel listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const headers = {
        authorization: `Bearer ${await mintCustomerToken(SECRET, 'C-1001')}`,
        'content-type': 'application/json',
      };
      const created = await fetch(`${base}/v1/conversations`, { method: 'POST', headers });
      const { id } = (await created.json()) as { id: string };
      const answer = await fetch(`${base}/v1/conversations/${id}/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ text: "I'd like to return order ORD-1001, it doesn't fit" }),
      });
      const body = (await answer.json()) as { status: string; workflow: unknown; reply: string };
      expect(body).toMatchObject({ status: 'awaiting_confirmation', workflow: null });
      expect(body.reply).toMatch(/Shall I go ahead\?$/);
    } finally {
      keel.child.kill('SIGTERM');
      await keel.exited;
    }
  });
});
