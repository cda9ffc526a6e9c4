import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readPendingAction } from '../../src/agent/pending-action.js';
import { openRetailKeel } from '../../src/domains/retail/open-retail-keel.js';
import { returnPlan } from '../../src/domains/retail/playbooks.js';
import { sequentialIds, VirtualTime } from '../../src/testing/index.js';
import { apiError, CHAT_URL, completion, refusal } from '../helpers/openai-wire.js';
import { TEST_NOW } from '../helpers/shop-harness.js';

// The LLM planner reads an answer to a pending action with a strict `consent` call; the write runs
// only on the model's yes to the same pending action AND an offline reading with no sign against it.

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const RETURN = "I'd like to return order ORD-1001, it doesn't fit";
type Body = {
  messages: { role: string; content: string }[];
  response_format: { json_schema: { name: string; strict: boolean } };
};

/** A model that plans the ORD-1001 return and answers consent calls with `consent(pendingId)`. */
function model(consent: (pendingId: string) => Response) {
  const calls: Body[] = [];
  server.use(
    http.post(CHAT_URL, async ({ request }) => {
      const body = (await request.json()) as Body;
      calls.push(body);
      if (body.response_format.json_schema.name !== 'consent')
        return completion({
          ask: null,
          ...returnPlan('ORD-1001', { reason: "It doesn't fit", confidence: 0.95 }),
        });
      const id = /Pending action id: (\S+)/.exec(body.messages[0]?.content ?? '')?.[1] ?? '';
      return consent(id);
    }),
  );
  return calls;
}

const answer = (pendingActionId: string, consent: 'yes' | 'no' | 'other', kind: string | null = null) =>
  completion({ pendingActionId, consent, kind });

async function pendingReturn() {
  const time = new VirtualTime(TEST_NOW);
  const keel = openRetailKeel({
    dbPath: ':memory:',
    planner: 'llm',
    env: { OPENAI_API_KEY: 'sk-test' },
    runtime: { clock: time.clock, sleep: time.sleep, ids: sequentialIds() },
  });
  const { id } = await keel.startConversation('C-1001');
  const asked = await keel.post(id, 'C-1001', RETURN);
  expect(asked.status).toBe('awaiting_confirmation');
  const stored = readPendingAction((await keel.store.getConversation(id))?.pendingPlan);
  const pendingId = stored?.kind === 'action' ? stored.action.id : '';
  const effects = async () => {
    const record = await keel.shop.describeOrder('ORD-1001');
    return { labels: record?.labels.length, refunds: record?.refunds.length };
  };
  return { keel, id, pendingId, effects };
}

describe('the LLM planner reads an answer to a pending action', () => {
  it('asks the model with a strict consent schema that names the pending action, and runs on its yes', async () => {
    const calls = model((id) => answer(id, 'yes'));
    const { keel, id, pendingId, effects } = await pendingReturn();
    const yes = await keel.post(id, 'C-1001', 'sure thing mate');
    const consent = calls.filter((c) => c.response_format.json_schema.name === 'consent');
    expect(consent).toHaveLength(1);
    expect(consent[0]?.response_format.json_schema.strict).toBe(true);
    expect(consent[0]?.messages[0]?.content).toContain(`Pending action id: ${pendingId}`);
    expect(consent[0]?.messages[1]).toEqual({ role: 'user', content: 'sure thing mate' });
    expect(yes.workflow?.workflow.status).toBe('completed');
    expect(await effects()).toEqual({ labels: 1, refunds: 1 });
    await keel.close();
  });

  it('runs nothing when a hostile model says yes to "no, don\'t do that"', async () => {
    model((id) => answer(id, 'yes'));
    const { keel, id, effects } = await pendingReturn();
    const no = await keel.post(id, 'C-1001', "no, don't do that");
    expect(no).toMatchObject({ workflow: null, status: 'open' });
    expect(await effects()).toEqual({ labels: 0, refunds: 0 });
    expect((await keel.store.getConversation(id))?.pendingPlan).toBeNull();
    await keel.close();
  });

  it('runs nothing when the model says yes to a hedge or a correction', async () => {
    model((id) => answer(id, 'yes'));
    const { keel, id, effects } = await pendingReturn();
    const hedge = await keel.post(id, 'C-1001', 'I suppose that is fine');
    expect(hedge).toMatchObject({ workflow: null, status: 'awaiting_confirmation' });
    expect(await effects()).toEqual({ labels: 0, refunds: 0 });
    await keel.close();
  });

  it('ignores a yes that names another pending action: the offline reading decides alone', async () => {
    const calls = model(() => answer('pa_someone_else', 'yes'));
    const { keel, id, pendingId, effects } = await pendingReturn();
    const other = await keel.post(id, 'C-1001', 'sure thing mate');
    expect(other.workflow?.workflow.intent ?? null).not.toBe('return');
    expect(await effects()).toEqual({ labels: 0, refunds: 0 });
    // Not a yes, so the message is planned afresh, with the pending action in the prompt.
    const replanned = calls.at(-1);
    expect(replanned?.response_format.json_schema.name).toBe('plan');
    expect(replanned?.messages.some((m) => m.content.startsWith(`Pending action ${pendingId}`))).toBe(true);
    await keel.close();
  });

  it("takes the model's no even to a plain yes (dropping a write is always safe)", async () => {
    model((id) => answer(id, 'no'));
    const { keel, id, effects } = await pendingReturn();
    const said = await keel.post(id, 'C-1001', 'yes');
    expect(said).toMatchObject({ workflow: null, status: 'open' });
    expect(await effects()).toEqual({ labels: 0, refunds: 0 });
    await keel.close();
  });

  it.each([
    ['a refusal', () => refusal()],
    ['invalid JSON', () => completion('{"pendingActionId": ')],
    ['a schema mismatch', () => completion({ consent: 'absolutely' })],
    ['a server error on every attempt', () => apiError(500, { 'x-should-retry': 'false' })],
  ])('falls back to the offline reading on %s', async (_, reply) => {
    model(() => reply() as Response);
    const { keel, id, effects } = await pendingReturn();
    const vague = await keel.post(id, 'C-1001', 'sure thing mate');
    expect(vague.workflow?.workflow.intent ?? null).not.toBe('return');
    expect(await effects()).toEqual({ labels: 0, refunds: 0 });
    const yes = await keel.post(id, 'C-1001', 'yes');
    expect(yes.workflow?.workflow.status).toBe('completed');
    expect(await effects()).toEqual({ labels: 1, refunds: 1 });
    await keel.close();
  });
});
