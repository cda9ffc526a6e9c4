import { z } from 'zod';
import type { Domain } from '../../src/agent/domain.js';
import { EscalateToHuman, PermanentToolError } from '../../src/errors.js';
import type { Plan } from '../../src/planner/plan.js';
import { ToolRegistry } from '../../src/tools/registry.js';
import { toolsFor } from '../../src/tools/tool.js';

// A second business, a library's loans, written only against the engine: if the engine still
// assumed retail anywhere (tools, facts, intents, replies, hand-over), this domain would show it.

export interface Loan {
  id: string;
  patronId: string;
  title: string;
  dueOn: string;
}

/** The library's backend: loans by id, with a write log to count side effects. */
export interface Catalogue {
  loans: Map<string, Loan>;
  renewals: string[];
}

export interface LibraryPorts {
  catalogue: Catalogue;
}

export interface LibraryFacts {
  loans: Loan[];
}

const defineLibraryTool = toolsFor<LibraryPorts>();
const LoanSchema = z.object({ id: z.string(), patronId: z.string(), title: z.string(), dueOn: z.string() });
const addWeeks = (day: string, weeks: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);

const lookupLoan = defineLibraryTool({
  name: 'lookup_loan',
  description: "Looks up one of the signed-in patron's loans by id.",
  input: z.strictObject({ loanId: z.string() }),
  writes: { loan: LoanSchema },
  effect: 'read',
  async run({ loanId }, ctx) {
    const loan = ctx.ports.catalogue.loans.get(loanId);
    if (!loan || loan.patronId !== ctx.customerId)
      throw new PermanentToolError(`Loan ${loanId} was not found`);
    return { loan };
  },
});

const renewLoan = defineLibraryTool({
  name: 'renew_loan',
  description: 'Renews the loan looked up before for three more weeks.',
  input: z.strictObject({}),
  reads: { loan: LoanSchema },
  writes: { renewed: LoanSchema },
  effect: 'write',
  requires: ['lookup_loan'],
  async run(_input, ctx) {
    const { catalogue } = ctx.ports;
    const current = catalogue.loans.get(ctx.context.loan.id) as Loan;
    if (!catalogue.renewals.includes(ctx.idempotencyKey)) {
      catalogue.renewals.push(ctx.idempotencyKey);
      catalogue.loans.set(current.id, { ...current, dueOn: addWeeks(current.dueOn, 3) });
    }
    return { renewed: catalogue.loans.get(current.id) as Loan };
  },
});

const askLibrarian = defineLibraryTool({
  name: 'ask_librarian',
  description: 'Hands the conversation to a librarian, with a short summary.',
  input: z.strictObject({ summary: z.string() }),
  effect: 'read',
  async run({ summary }, ctx) {
    if (!ctx.approval) throw new EscalateToHuman(`Patron asked for a librarian: ${summary}`);
    return {};
  },
});

const renewPlan = (loanId: string): Plan => ({
  intent: 'renew',
  confidence: 0.95,
  steps: [
    { id: 'lookup', tool: 'lookup_loan', args: { loanId } },
    { id: 'renew', tool: 'renew_loan', args: {} },
  ],
});
const librarianPlan = (summary: string, confidence: number): Plan => ({
  intent: 'librarian',
  confidence,
  steps: [{ id: 'handover', tool: 'ask_librarian', args: { summary } }],
});

/** The library domain over a catalogue. */
export function createLibraryDomain(catalogue: Catalogue): Domain<LibraryPorts, LibraryFacts> {
  return {
    registry: new ToolRegistry([lookupLoan, renewLoan, askLibrarian]),
    ports: { catalogue },
    intents: ['renew', 'librarian', 'clarify'],
    policy: 'You plan for a library desk. Renew only loans listed as the patron’s.',
    examples: [{ customer: 'renew LOAN-1 please', plan: renewPlan('LOAN-1') }],
    facts: async (patronId) => ({
      loans: [...catalogue.loans.values()].filter((l) => l.patronId === patronId),
    }),
    describeFacts: (facts) =>
      `Their loans:\n${facts.loans.map((l) => `- ${l.id}: ${l.title}, due ${l.dueOn}`).join('\n')}`,
    ownership: (plan, facts) =>
      plan.steps.flatMap((step, index) => {
        const loanId = step.args.loanId;
        if (typeof loanId !== 'string' || facts.loans.some((l) => l.id === loanId)) return [];
        return [
          {
            code: 'LOAN_NOT_OWNED' as const,
            stepId: step.id,
            path: ['steps', index, 'args', 'loanId'],
            message: `loan ${loanId} is not this patron's`,
          },
        ];
      }),
    handover: librarianPlan,
    offline: {
      decide(request, reasons) {
        const text = request.messages.at(-1)?.text ?? '';
        if (/librarian|person/i.test(text)) return { plan: librarianPlan(text, 0.95) };
        const loanId = text.match(/LOAN-\d+/)?.[0];
        if (!loanId || !/renew/i.test(text))
          return {
            plan: { intent: 'clarify', confidence: 0.9, steps: [], ask: { kind: 'which_loan', slots: {} } },
          };
        reasons.push(`renew ${loanId}`);
        if (!request.facts.loans.some((l) => l.id === loanId))
          return {
            plan: {
              intent: 'clarify',
              confidence: 0.9,
              steps: [],
              ask: { kind: 'loan_not_found', slots: { loanId } },
            },
          };
        return { plan: renewPlan(loanId) };
      },
    },
    questions: {
      kinds: ['which_loan'],
      slots: { loanId: z.string().nullable() },
      resolve: (ask) => ({ ask: { kind: ask.kind, slots: {} } }),
      render: (ask) =>
        ask.kind === 'loan_not_found' &&
        typeof ask.slots.loanId === 'string' &&
        /^LOAN-\d+$/.test(ask.slots.loanId)
          ? `${ask.slots.loanId} is not on your card.`
          : 'Which loan should I renew?',
    },
    templates: {
      confirmation: (plan, facts) => {
        const loan = facts.loans.find((l) => l.id === plan.steps[0]?.args.loanId);
        return plan.intent === 'renew' && loan
          ? `renewing "${loan.title}" (due ${loan.dueOn}) for three weeks`
          : null;
      },
      completed: (_intent, context) => {
        const renewed = context.renewed as Loan | undefined;
        return renewed ? `"${renewed.title}" is now due ${renewed.dueOn}.` : 'Done.';
      },
      compensated: () => 'Something went wrong, so nothing was changed on your card.',
    },
  };
}
