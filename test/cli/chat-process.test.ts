import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnKeel } from '../helpers/keel-process.js';

describe('keel chat as a process', () => {
  it('shows the plan, live steps and replies; /approve resumes an escalated return; /quit ends', {
    timeout: 90_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-chat-'));
    const chat = spawnKeel(['chat', '--customer', 'C-1001', '--db', join(dir, 'keel.db')], {}, dir);
    await chat.waitFor(/keel chat for C-1001 \(planner offline\)/);
    chat.child.stdin?.write("I'd like to return order ORD-1001, it doesn't fit\n");
    await chat.waitFor(/reply: Your return for ORD-1001 is set up/);
    chat.child.stdin?.write('/plan\n');
    await chat.waitFor(/lookup lookup_order \{"orderId":"ORD-1001"\}/);
    chat.child.stdin?.write('I want to return ORD-1002, it arrived damaged\n');
    await chat.waitFor(/⏸ waiting for a human \(policy\): Order ORD-1002 was delivered 90 days ago/);
    await chat.waitFor(/status: waiting_for_human/);
    chat.child.stdin?.write('/approve loyal customer\n');
    await chat.waitFor(/reply: Your return for ORD-1002 is set up/);
    chat.child.stdin?.write('/quit\n');
    expect(await chat.exited).toBe(0);
    const out = chat.output();
    expect(out).toMatch(/plan: return \(offline, confidence 0\.95\)/);
    // The support agent sees what the write will do before its first step runs.
    const about = out.search(/About to: a return of .* from ORD-1001, with a refund of 59\.98 USD/);
    expect(about).toBeGreaterThan(-1);
    expect(about).toBeLessThan(out.search(/✓ label\s+create_return_label/));
    expect(out).toMatch(/✓ label\s+create_return_label/);
    expect(out).toMatch(/approved esc_\w+/);
  });
});
