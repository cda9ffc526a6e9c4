import { afterEach, describe, expect, it } from 'vitest';
import { createServerHarness } from '../helpers/server-harness.js';

type Harness = Awaited<ReturnType<typeof createServerHarness>>;
let harness: Harness;
afterEach(async () => harness?.close());

describe('named staff, takeovers and the audit trail', () => {
  it('a personal token acts under its name; a revoked or unknown one is refused', async () => {
    harness = await createServerHarness();
    const token = await harness.staff.addStaff('Dana Reyes', '2026-11-24T12:00:00.000Z');
    expect((await harness.call('GET', '/v1/staff/queue', token)).status).toBe(200);
    expect((await harness.call('GET', '/v1/staff/queue', 'ks_not-a-real-token')).status).toBe(401);
    await harness.staff.revokeStaff('Dana Reyes', '2026-11-24T12:01:00.000Z');
    expect((await harness.call('GET', '/v1/staff/queue', token)).status).toBe(401);
  });

  it('records who decided, took over, wrote and handed back; the agent is silent meanwhile', async () => {
    harness = await createServerHarness();
    const dana = await harness.staff.addStaff('Dana Reyes', '2026-11-24T12:00:00.000Z');
    const { body } = await harness.call('POST', '/v1/conversations', 'C-1001');
    const id = (body as { id: string }).id;
    const late = await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', {
      text: 'I want to return ORD-1002, it does not fit',
    });
    const escalationId = (late.body as { workflow: { escalation: { id: string } } }).workflow.escalation.id;
    const decided = await harness.call('POST', `/v1/escalations/${escalationId}/decision`, dana, {
      decision: 'approve',
      note: 'courtesy',
    });
    expect(decided.status).toBe(200);
    expect((await harness.keel.store.getEscalation(escalationId))?.decidedBy).toBe('Dana Reyes');

    // A customer cannot take over, nor write as staff.
    expect((await harness.call('POST', `/v1/staff/conversations/${id}/takeover`, 'C-1001')).status).toBe(403);
    // Writing before taking over would give the customer two voices.
    expect(
      (await harness.call('POST', `/v1/staff/conversations/${id}/reply`, dana, { text: 'hi' })).status,
    ).toBe(400);
    expect((await harness.call('POST', `/v1/staff/conversations/${id}/takeover`, dana)).body).toMatchObject({
      heldBy: { by: 'Dana Reyes' },
    });
    const workflowsBefore = (await harness.keel.store.listWorkflows()).length;
    const silent = await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', {
      text: 'Please also cancel ORD-1001',
    });
    expect(silent.body).toEqual({ reply: null, status: 'taken_over', workflow: null });
    expect(await harness.keel.store.listWorkflows()).toHaveLength(workflowsBefore);
    // A person writing in a taken-over conversation is held to the same guard as an edited answer.
    const unsafe = await harness.call('POST', `/v1/staff/conversations/${id}/reply`, dana, {
      text: 'To speed this up, please send me your card number and the CVV.',
    });
    expect(unsafe.status).toBe(422);
    expect(unsafe.body).toMatchObject({ error: { code: 'REPLY_UNSAFE' } });
    const wrote = await harness.call('POST', `/v1/staff/conversations/${id}/reply`, dana, {
      text: 'Hi Maya, I am looking at this myself.',
    });
    expect(wrote.body).toMatchObject({
      message: { role: 'staff', text: 'Hi Maya, I am looking at this myself.' },
    });
    const seen = (await harness.call('GET', `/v1/conversations/${id}`, 'C-1001')).body as {
      messages: { role: string; text: string }[];
    };
    expect(seen.messages.slice(-2).map((m) => m.role)).toEqual(['customer', 'staff']);
    expect(seen.messages.map((m) => m.text).join(' ')).not.toMatch(/card number|CVV/);
    await harness.call('POST', `/v1/staff/conversations/${id}/handback`, 'staff');
    const answered = await harness.call('POST', `/v1/conversations/${id}/messages`, 'C-1001', {
      text: 'thanks!',
    });
    expect((answered.body as { reply: string | null }).reply).toEqual(expect.any(String));

    const audit = (await harness.call('GET', `/v1/staff/audit?conversation=${id}`, 'staff')).body as {
      audit: { actor: string; action: string }[];
    };
    expect(audit.audit.map((a) => `${a.actor}:${a.action}`).sort()).toEqual(
      ['Dana Reyes:approve', 'Dana Reyes:message', 'Dana Reyes:takeover', 'staff:handback'].sort(),
    );
  });
});
