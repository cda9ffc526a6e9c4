import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { returnPlan } from '../../src/domains/retail/playbooks.js';
import { replayConversation } from '../../src/replay/replay.js';
import { ServerRecorder } from '../../src/replay/server-recorder.js';
import { mintCustomerToken } from '../../src/server/auth.js';
import { buildServer } from '../../src/server/server.js';
import { ScriptedModel, sequentialIds, VirtualTime } from '../../src/testing/index.js';

describe('recording the service (KEEL_RECORD_DIR)', () => {
  it('writes one cassette per conversation, model calls filed by conversation, and it replays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-server-record-'));
    const time = new VirtualTime('2026-11-24T12:00:00.000Z');
    const answers: Record<string, unknown>[] = [
      { ask: null, ...returnPlan('ORD-1001', { reason: "It doesn't fit", confidence: 0.95 }) },
    ];
    const model = new ScriptedModel(answers);
    const recorder = new ServerRecorder({
      dir,
      clock: time.clock,
      planner: 'llm',
      model: 'gpt-4o-mini',
      env: { KEEL_CONFIRM_WRITES: '1' },
    });
    const keel = openRetailKeel({
      dbPath: ':memory:',
      env: { OPENAI_API_KEY: 'sk-server-secret-123456' },
      observer: recorder,
      fetch: recorder.fetch(model.fetch),
      runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
    });
    const app = await buildServer({
      keel,
      auth: { secret: 'record-secret-0123456789abcdef', staffToken: 'staff' },
    });
    const authorization = `Bearer ${await mintCustomerToken('record-secret-0123456789abcdef', 'C-1001')}`;
    const { id } = (
      await app.inject({ method: 'POST', url: '/v1/conversations', headers: { authorization } })
    ).json();
    const say = (text: string) =>
      app.inject({
        method: 'POST',
        url: `/v1/conversations/${id}/messages`,
        headers: { authorization },
        payload: { text },
      });
    expect(
      (await say("I'd like to return order ORD-1001, it doesn't fit; mail me at maya@example.com")).json()
        .status,
    ).toBe('awaiting_confirmation');
    // The model reads the yes too, for the pending action it is given (the scripted answer is added
    // now that its id is known).
    const pending = (await keel.store.getConversation(id))?.pendingPlan as { id: string };
    answers.push({ pendingActionId: pending.id, consent: 'yes', kind: null });
    expect((await say('yes')).json().workflow.status).toBe('completed');
    await app.close();
    await keel.close();
    expect(readdirSync(dir)).toEqual([`${id}.json`]);
    const text = readFileSync(join(dir, `${id}.json`), 'utf8');
    expect(text).not.toContain('maya@example.com');
    expect(text).not.toContain('sk-server-secret');
    expect(text).not.toContain('x-keel-conversation');
    const cassette = JSON.parse(text);
    expect(cassette.turns.map((t: { exchanges: unknown[] }) => t.exchanges.length)).toEqual([1, 1]);
    const report = await replayConversation(join(dir, `${id}.json`));
    expect(report.turns.flatMap((t) => t.drifts)).toEqual([]);
  });

  it('records staff decisions with the decision and note given, and the cassette replays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-server-record-'));
    const time = new VirtualTime('2026-11-24T12:00:00.000Z');
    const recorder = new ServerRecorder({
      dir,
      clock: time.clock,
      planner: 'offline',
      model: null,
      env: { KEEL_CONFIRM_WRITES: '0' },
    });
    const keel = openRetailKeel({
      dbPath: ':memory:',
      env: { KEEL_CONFIRM_WRITES: '0' },
      planner: 'offline',
      observer: recorder,
      runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
    });
    const app = await buildServer({
      keel,
      auth: { secret: 'record-secret-0123456789abcdef', staffToken: 'staff' },
    });
    const authorization = `Bearer ${await mintCustomerToken('record-secret-0123456789abcdef', 'C-1001')}`;
    const { id } = (
      await app.inject({ method: 'POST', url: '/v1/conversations', headers: { authorization } })
    ).json();
    const turn = await app.inject({
      method: 'POST',
      url: `/v1/conversations/${id}/messages`,
      headers: { authorization },
      payload: { text: 'I want to return ORD-1002' },
    });
    const escalation = turn.json().workflow.escalation.id;
    const staff = { authorization: 'Bearer staff' };
    await app.inject({
      method: 'POST',
      url: `/v1/escalations/${escalation}/decision`,
      headers: staff,
      payload: { decision: 'reject', note: 'outside policy' },
    });
    await app.close();
    await keel.close();
    const cassette = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8'));
    expect(cassette.turns[0]).toMatchObject({
      decision: { decision: 'reject', note: 'outside policy' },
      afterDecision: { workflowStatus: 'rejected' },
    });
    expect((await replayConversation(join(dir, `${id}.json`))).turns.flatMap((t) => t.drifts)).toEqual([]);
  });
});
