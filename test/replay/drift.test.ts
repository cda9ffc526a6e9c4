import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { createRetailRegistry, retailTools } from '../../src/domains/retail/tools/index.js';
import { replayConversation } from '../../src/replay/replay.js';
import { scrubText } from '../../src/replay/scrub.js';
import { ToolRegistry } from '../../src/tools/registry.js';
import { type FakeReply, startFakeOpenAi } from './fake-openai-server.js';

const cassette = (name: string) =>
  new URL(`../../fixtures/conversations/v1-${name}.json`, import.meta.url).pathname;

/** The retail toolset with one tool's description reworded: one line of the prompt changes. */
function rewordedRegistry(): ToolRegistry {
  const tools = retailTools().map((tool) =>
    tool.name === 'track_shipment' ? { ...tool, description: 'Finds where a parcel is right now.' } : tool,
  );
  return new ToolRegistry(tools);
}

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stdout += t) },
    env,
    cwd: process.cwd(),
  });
  return { code, stdout };
}

describe('replay drift reports', () => {
  it('names the turn and the prompt line when one line of the prompt changes, and only model cassettes fail', async () => {
    const registry = rewordedRegistry();
    const track = await replayConversation(cassette('llm-track'), { registry });
    expect(track.ok).toBe(false);
    const [drift] = track.turns[0]?.drifts ?? [];
    expect(drift).toMatch(/^the prompt changed \(model call 1\):/);
    expect(drift).toMatch(/- .*track_shipment \(read\): Gets the carrier, tracking number/);
    expect(drift).toMatch(/\+ .*track_shipment \(read\): Finds where a parcel is right now\./);
    expect((await replayConversation(cassette('offline-return'), { registry })).ok).toBe(true);
    expect((await replayConversation(cassette('llm-track'), { registry: createRetailRegistry() })).ok).toBe(
      true,
    );
  });

  it("reports a step's changed outcome and the facts the reply lost when a tool behaves differently", async () => {
    const report = await replayConversation(cassette('llm-return-completes'), {
      env: { KEEL_SANDBOX_FAULTS: 'create_return_label:fail=always' },
    });
    const drifts = report.turns[0]?.drifts.join('\n') ?? '';
    expect(drifts).toMatch(/the workflow ended differently: was completed, now failed/);
    expect(drifts).toMatch(
      /a step's outcome changed: was \[lookup_order:completed, check_return_eligibility:completed, create_return_label:completed/,
    );
    expect(drifts).toMatch(/the reply lost a fact: "59\.98 USD"/);
    expect(
      (
        await replayConversation(cassette('llm-track'), {
          env: { KEEL_SANDBOX_FAULTS: 'create_return_label:fail=always' },
        })
      ).ok,
    ).toBe(true);
  });

  it('keel replay exits 1 with a readable report, and --update rewrites the expectations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-replay-'));
    const file = join(dir, 'v1-llm-final-sale.json');
    copyFileSync(cassette('llm-final-sale'), file);
    const original = JSON.parse(readFileSync(file, 'utf8'));
    original.turns[1].expect.workflowStatus = 'failed';
    original.turns[1].expect.replyFacts.push('a fact that is not there');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(original));
    const failed = await cli(['replay', file]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /✗ llm-final-sale\n {2}turn 2 "yes"\n {4}the workflow ended differently: was failed, now completed/,
    );
    expect(failed.stdout).toContain('the reply lost a fact: "a fact that is not there"');
    const updated = await cli(['replay', '--update', file]);
    expect(updated.stdout).toContain('↻ llm-final-sale (expectations updated)');
    expect((await cli(['replay', file])).code).toBe(0);
  });

  it('rejects a file that is not a cassette as bad input', async () => {
    const out = await cli(['replay', new URL('../../package.json', import.meta.url).pathname]);
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/is not a keel cassette \(v1\)/);
  });
});

describe('recording', () => {
  let server: Awaited<ReturnType<typeof startFakeOpenAi>>;
  beforeAll(async () => {
    server = await startFakeOpenAi();
  });
  afterAll(() => server.close());

  it('records keel run against a local OpenAI-compatible server over real sockets, and the cassette replays identically', async () => {
    const reply: FakeReply = {
      plan: {
        intent: 'track',
        confidence: 0.96,
        ask: null,
        steps: [
          { id: 'lookup', tool: 'lookup_order', args: { orderId: 'ORD-1005' } },
          { id: 'track', tool: 'track_shipment', args: {} },
        ],
      },
    };
    server.queue.push(reply);
    const dir = mkdtempSync(join(tmpdir(), 'keel-record-'));
    const file = join(dir, 'live.json');
    const env = {
      OPENAI_BASE_URL: server.url,
      OPENAI_API_KEY: 'sk-local-secret-key-123',
      KEEL_MODEL: 'llama3.1',
    };
    const out = await cli(
      [
        'run',
        'where is ORD-1005? call me on 555-010-1234 or mail dana@example.com',
        '--customer',
        'C-1003',
        '--record',
        file,
      ],
      env,
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/reply: Order ORD-1005 is in transit with FedEx/);
    expect(server.requests).toHaveLength(1);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('sk-local-secret-key-123');
    expect(text).not.toContain('dana@example.com');
    expect(text).not.toContain('555-010-1234');
    const recorded = JSON.parse(text);
    expect(recorded).toMatchObject({ version: 1, planner: 'llm', model: 'llama3.1', customerId: 'C-1003' });
    expect(recorded.turns[0].exchanges[0].response.body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(recorded.turns[0].exchanges[0].request.body.logprobs).toBe(true);
    expect(recorded.turns[0].exchanges[0].response.body.choices[0].logprobs.content.length).toBeGreaterThan(
      0,
    );
    const report = await replayConversation(file);
    expect(report.turns[0]?.drifts).toEqual([]);
  });

  it('scrubs emails, phone numbers, keys and tokens, but not dates, amounts or tracking numbers', () => {
    expect(
      scrubText(
        'mail a.b@example.com, +1 555-010-1234, sk-abcdefghijkl, 2026-11-14, 59.98 USD, 7700000001005',
      ),
    ).toBe('mail [email], [phone], [api-key], 2026-11-14, 59.98 USD, 7700000001005');
  });
});

describe('keel chat --record', () => {
  it('records an interactive session with a decision, and the cassette replays without drift', async () => {
    const { Readable } = await import('node:stream');
    const dir = mkdtempSync(join(tmpdir(), 'keel-chat-record-'));
    const file = join(dir, 'chat.json');
    let stdout = '';
    const code = await main(['chat', '--customer', 'C-1001', '--record', file], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stdout += t) },
      env: {},
      cwd: process.cwd(),
      stdin: Readable.from([
        'I want to return ORD-1002, it arrived damaged\n',
        '/approve goodwill\n',
        '/quit\n',
      ]),
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/reply: Your return for ORD-1002 is set up/);
    const recorded = JSON.parse(readFileSync(file, 'utf8'));
    expect(recorded.turns).toHaveLength(1);
    expect(recorded.turns[0]).toMatchObject({
      decision: { decision: 'approve' },
      afterDecision: { workflowStatus: 'completed' },
    });
    const report = await replayConversation(file);
    expect(report.turns[0]?.drifts).toEqual([]);
  });
});
