import { afterEach, describe, expect, it } from 'vitest';
import { createServerHarness } from '../helpers/server-harness.js';

type Harness = Awaited<ReturnType<typeof createServerHarness>>;
let harness: Harness;
afterEach(async () => harness?.close());

interface Answered {
  status: string;
  answer: { seq: number; role: string; text: string } | null;
}

/** Staff acting for C-1002 cancel ORD-1004: the plan is stated, confirmed, and the agent answers. */
async function actedFor(staff: string) {
  const started = await harness.call('POST', '/v1/staff/customers/C-1002/conversations', staff);
  const id = (started.body as { id: string }).id;
  const say = async (text: string) =>
    (await harness.call('POST', `/v1/staff/conversations/${id}/messages`, staff, { text })).body as Answered;
  const preview = await say('Please cancel ORD-1004');
  expect(preview.status).toBe('awaiting_confirmation');
  const done = await say('yes');
  if (!done.answer) throw new Error('the agent did not answer');
  return { id, answer: done.answer, say };
}

const send = (id: string, seq: number, who: string, text: unknown) =>
  harness.call('POST', `/v1/staff/conversations/${id}/replies/${seq}/send`, who, { text });

const customerView = async (id: string) =>
  ((await harness.call('GET', `/v1/conversations/${id}`, 'C-1002')).body as { messages: { text: string }[] })
    .messages;

describe("confirming or editing the agent's answer when acting for a customer", () => {
  it("sends an edited reply in place of the agent's, audited with who edited it and the agent's text", async () => {
    harness = await createServerHarness({ confirmWrites: true });
    const dana = await harness.staff.addStaff('Dana Reyes', '2026-11-24T12:00:00.000Z');
    const { id, answer } = await actedFor(dana);
    expect(answer).toMatchObject({ role: 'agent', text: expect.stringMatching(/ORD-1004/) });
    const edited = 'Hi Liam, ORD-1004 is cancelled; nothing will be charged. Dana';
    const sent = await send(id, answer.seq, dana, `  ${edited}  `);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ edited: true, message: { seq: answer.seq, text: edited } });
    expect((await customerView(id)).at(-1)?.text).toBe(edited);
    const audit = (await harness.call('GET', `/v1/staff/audit?conversation=${id}`, 'staff')).body as {
      audit: { actor: string; action: string; detail: Record<string, unknown> | null }[];
    };
    expect(audit.audit.find((a) => a.action === 'reply_edited')).toMatchObject({
      actor: 'Dana Reyes',
      detail: { seq: answer.seq, agentText: answer.text, text: edited },
    });
  });

  it('confirms the reply as it is: the text stays, the confirmation is audited', async () => {
    harness = await createServerHarness({ confirmWrites: true });
    const { id, answer } = await actedFor('staff');
    const sent = await send(id, answer.seq, 'staff', answer.text);
    expect(sent.body).toMatchObject({ edited: false, message: { text: answer.text } });
    expect((await customerView(id)).at(-1)?.text).toBe(answer.text);
    const { audit } = (await harness.call('GET', `/v1/staff/audit?conversation=${id}`, 'staff')).body as {
      audit: { actor: string; action: string }[];
    };
    expect(audit.filter((a) => a.action.startsWith('reply_')).map((a) => `${a.actor}:${a.action}`)).toEqual([
      'staff:reply_confirmed',
    ]);
  });

  it('refuses text that asks for card data or credentials, and changes nothing', async () => {
    harness = await createServerHarness({ confirmWrites: true });
    const { id, answer } = await actedFor('staff');
    for (const text of [
      'Cancelled. To refund you we need your card number and CVV.',
      'Before I cancel, what is the one-time code we texted you?',
      'Please confirm your password.',
    ]) {
      const refused = await send(id, answer.seq, 'staff', text);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ error: { code: 'REPLY_UNSAFE' } });
      expect(JSON.stringify(refused.body)).toMatch(/never asks for payment data or credentials/);
    }
    expect((await customerView(id)).at(-1)?.text).toBe(answer.text);
    const { audit } = (await harness.call('GET', `/v1/staff/audit?conversation=${id}`, 'staff')).body as {
      audit: { action: string }[];
    };
    expect(audit.some((a) => a.action.startsWith('reply_'))).toBe(false);
  });

  it('edits only the last message, only an agent reply, only for staff, only with text', async () => {
    harness = await createServerHarness({ confirmWrites: true });
    const { id, answer, say } = await actedFor('staff');
    expect((await send(id, answer.seq, 'C-1002', 'mine now')).status).toBe(403);
    expect((await send(id, answer.seq - 1, 'staff', 'not a reply')).status).toBe(400);
    expect((await send(id, answer.seq + 5, 'staff', 'nothing there')).status).toBe(400);
    expect((await send(id, answer.seq, 'staff', '   ')).status).toBe(400);
    expect((await send(id, answer.seq, 'staff', 42)).status).toBe(400);
    expect((await send('conv-nope', 1, 'staff', 'hello')).status).toBe(404);
    expect(
      (await harness.call('POST', `/v1/staff/conversations/${id}/replies/abc/send`, 'staff', { text: 'x' }))
        .status,
    ).toBe(400);
    await say('thanks');
    const late = await send(id, answer.seq, 'staff', 'too late to change this');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'REPLY_SUPERSEDED' } });
    expect((await customerView(id)).map((m) => m.text)).not.toContain('too late to change this');
  });
});
