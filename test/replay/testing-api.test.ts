import { describe, expect, it } from 'vitest';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { returnPlan } from '../../src/domains/retail/playbooks.js';
import {
  replayConversation,
  ScriptedModel,
  sequentialIds,
  UnexpectedModelCallError,
  VirtualTime,
} from '../../src/testing/index.js';

describe('keel/testing', () => {
  it('drives the LLM planner with a ScriptedModel in the real wire format, and fails loudly when it runs out', async () => {
    const model = new ScriptedModel([
      { ask: null, ...returnPlan('ORD-1001', { reason: 'fit', confidence: 0.95 }) },
    ]);
    const time = new VirtualTime('2026-11-24T12:00:00.000Z');
    const keel = openRetailKeel({
      dbPath: ':memory:',
      env: { OPENAI_API_KEY: 'test', KEEL_CONFIRM_WRITES: '0' },
      fetch: model.fetch,
      runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
    });
    const { id } = await keel.startConversation('C-1001');
    const turn = await keel.post(id, 'C-1001', 'return ORD-1001');
    expect(turn.workflow?.workflow.status).toBe('completed');
    expect(model.calls).toHaveLength(1);
    model.assertComplete();
    await expect(
      model.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{}' }),
    ).rejects.toBeInstanceOf(UnexpectedModelCallError);
    keel.close();
  });

  it('replays a cassette from a user suite with replayConversation', async () => {
    const report = await replayConversation(
      new URL('../../fixtures/conversations/v1-llm-clarify-then-return.json', import.meta.url).pathname,
    );
    expect(report).toMatchObject({ ok: true, name: 'llm-clarify-then-return' });
    expect(report.turns).toHaveLength(2);
  });
});
