import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import type { RetailFacts } from '../../src/domains/retail/facts.js';
import { askPlan, handoffPlan, returnPlan, trackPlan } from '../../src/domains/retail/playbooks.js';
import { ScriptedPlanner } from '../../src/testing/scripted-planner.js';
import { createShopHarness } from '../helpers/shop-harness.js';

function agentWith(script: ConstructorParameters<typeof ScriptedPlanner>[0], faults?: string) {
  const h = createShopHarness(faults ? { faults } : {});
  const planner = new ScriptedPlanner(script);
  const agent = new Agent({ planner, executor: h.executor, domain: h.domain });
  const turn = (customerId: string, text: string) =>
    agent.handle({ customerId, messages: [{ role: 'customer', text }] });
  return { h, planner, agent, turn };
}

const ret = (confidence = 0.95) => returnPlan('ORD-1001', { reason: "doesn't fit", confidence });

describe('Agent', () => {
  it('runs a confident plan and replies with the label, the refund amount and its date', async () => {
    const { turn, planner } = agentWith([ret()]);
    const { result, reply } = await turn('C-1001', "I'd like to return order ORD-1001, it doesn't fit");
    expect(result.workflow.status).toBe('completed');
    expect(reply).toMatch(
      /^Your return for ORD-1001 is set up\. Return label: https:\/\/labels\.sandbox\.keel\.dev\/lbl_\d+\.pdf \(UPS 1ZRET\d+\)\./,
    );
    expect(reply).toContain('A refund of 59.98 USD is scheduled and should reach you by 2026-11-29.');
    expect(reply).toContain('A confirmation email is on its way.');
    expect((planner.calls[0]?.facts as RetailFacts | undefined)?.orders.map((o) => o.id)).toContain(
      'ORD-1001',
    );
    planner.assertComplete();
  });

  it('holds a plan under the confidence threshold for a human, with the plan attached', async () => {
    const { turn, h } = agentWith([ret(0.55)]);
    const { result, reply } = await turn('C-1001', 'return 1001 i guess??');
    expect(result.workflow.status).toBe('waiting_for_human');
    expect(result.escalation).toMatchObject({
      kind: 'low_confidence',
      reason: 'Plan confidence 0.55 is below 0.8',
    });
    expect(result.escalation?.details?.plan).toMatchObject({ intent: 'return' });
    expect(reply).toMatch(/a colleague will check my plan before anything happens/);
    expect((await h.shop.describeOrder('ORD-1001'))?.labels).toEqual([]);
    const approved = await h.executor.decide(result.escalation?.id ?? '', {
      decision: 'approve',
      decidedBy: 'ana',
    });
    expect(approved.workflow.status).toBe('completed');
  });

  it('answers a plan that asks with the question and runs nothing', async () => {
    const { turn } = agentWith([askPlan('return', 'Which order would you like to return?', 0.9)]);
    const { result, reply } = await turn('C-1001', 'I want to return something');
    expect(reply).toBe('Which order would you like to return?');
    expect(result.workflow.status).toBe('awaiting_customer');
    expect(result.steps).toEqual([]);
  });

  it('hands an escalated turn to a person and says so', async () => {
    const { turn } = agentWith([
      { plan: handoffPlan('model refused', 0), planner: 'llm', reasons: [], escalate: 'model refused' },
    ]);
    const { result, reply } = await turn('C-1001', 'something odd');
    expect(result.workflow.status).toBe('waiting_for_human');
    expect(reply).toBe("I've asked a colleague to take over; they'll reply here.");
  });

  it('tells the customer when email failed, so they keep the label from the reply', async () => {
    const { turn } = agentWith([ret()], 'send_confirmation_email:fail=always');
    const { reply } = await turn('C-1001', 'return ORD-1001');
    expect(reply).toContain('Return label: https://');
    expect(reply).toContain("We couldn't send the confirmation email just now");
    expect(reply).not.toContain('on its way');
  });

  it('explains an undone return without claiming a refund', async () => {
    const { turn } = agentWith([ret()], 'schedule_refund:fail=always');
    const { result, reply } = await turn('C-1001', 'return ORD-1001');
    expect(result.workflow.status).toBe('compensated');
    expect(reply).toMatch(
      /undid the steps already taken \(the return label was voided, the items were put back\)/,
    );
    expect(reply).not.toMatch(/refund of/i);
  });

  it('explains a refused final-sale return and a waiting late return from the tool results', async () => {
    const { turn } = agentWith([
      returnPlan('ORD-1003', { reason: 'meh', confidence: 0.95 }),
      returnPlan('ORD-1002', { reason: 'meh', confidence: 0.95 }),
    ]);
    expect((await turn('C-1002', 'return ORD-1003')).reply).toMatch(
      /^I couldn't complete that: Final-sale items cannot be returned: Clearance Silk Scarf\.$/,
    );
    expect((await turn('C-1001', 'return ORD-1002')).reply).toMatch(/outside the 60-day return window/);
  });

  it('tracks a shipment with carrier, number and expected date', async () => {
    const { turn } = agentWith([trackPlan('ORD-1005', 0.95)]);
    const { reply } = await turn('C-1003', 'where is ORD-1005');
    expect(reply).toMatch(
      /^Order ORD-1005 is in transit with FedEx, tracking number 7700000001005, expected by \d{4}-\d\d-\d\d\./,
    );
  });
});
