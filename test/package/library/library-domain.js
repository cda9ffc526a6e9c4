// A library's loans as a keel domain, in plain JavaScript against the installed package only.
// `npm run test:package` copies this file into a temporary project that installed keel's tarball;
// the README's "Bring your own domain" is built from it.
import { defineTool, EscalateToHuman, PermanentToolError, ToolRegistry } from 'keel';
import { z } from 'zod';

const Loan = z.object({ id: z.string(), patronId: z.string(), title: z.string(), dueOn: z.string() });
const addDays = (day, days) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The library's backend: loans by id, patrons' emails, and every change made (to count them). */
export function createCatalogue(loans, emails) {
  return { loans: new Map(loans.map((loan) => [loan.id, loan])), emails, renewals: new Map(), notices: [] };
}

const lookupLoan = defineTool({
  name: 'lookup_loan',
  description: "Looks up one of the signed-in patron's loans by id.",
  input: z.strictObject({ loanId: z.string() }),
  writes: { loan: Loan },
  effect: 'read',
  async run({ loanId }, { ports, customerId }) {
    const loan = ports.catalogue.loans.get(loanId);
    // Scoped to the patron: someone else's loan is "not found", whatever the plan says.
    if (!loan || loan.patronId !== customerId) throw new PermanentToolError(`Loan ${loanId} was not found`);
    return { loan };
  },
});

const renewLoan = defineTool({
  name: 'renew_loan',
  description: 'Renews the loan looked up before for three more weeks.',
  input: z.strictObject({}),
  reads: { loan: Loan },
  writes: { renewed: Loan },
  effect: 'write',
  requires: ['lookup_loan'],
  compensate: 'cancel_renewal',
  async run(_input, { ports, context, idempotencyKey }) {
    const { catalogue } = ports;
    // Idempotent by key: a retry or a resumed workflow renews nothing twice.
    if (!catalogue.renewals.has(idempotencyKey)) {
      const loan = catalogue.loans.get(context.loan.id);
      catalogue.renewals.set(idempotencyKey, loan.id);
      catalogue.loans.set(loan.id, { ...loan, dueOn: addDays(loan.dueOn, 21) });
    }
    return { renewed: catalogue.loans.get(context.loan.id) };
  },
});

const cancelRenewal = defineTool({
  name: 'cancel_renewal',
  description: 'Puts a renewed loan back to its former due date.',
  input: z.object({ renewed: Loan }),
  effect: 'write',
  plannable: false,
  // Gets renew_loan's args merged with its result; undoes that renewal only, once.
  async run({ renewed }, { ports }) {
    const loan = ports.catalogue.loans.get(renewed.id);
    if (loan.dueOn === renewed.dueOn)
      ports.catalogue.loans.set(loan.id, { ...loan, dueOn: addDays(loan.dueOn, -21) });
    return {};
  },
});

const sendDueDateNotice = defineTool({
  name: 'send_due_date_notice',
  description: 'Emails the patron the new due date of the loan just renewed.',
  input: z.strictObject({}),
  reads: { renewed: Loan },
  effect: 'write',
  async run(_input, { ports, customerId, context, idempotencyKey }) {
    const email = ports.catalogue.emails[customerId];
    if (!email) throw new PermanentToolError(`Patron ${customerId} has no email address`);
    if (!ports.catalogue.notices.some((n) => n.key === idempotencyKey))
      ports.catalogue.notices.push({ key: idempotencyKey, email, dueOn: context.renewed.dueOn });
    return {};
  },
});

const askLibrarian = defineTool({
  name: 'ask_librarian',
  description: 'Hands the conversation to a librarian, with a short summary.',
  input: z.strictObject({ summary: z.string() }),
  effect: 'read',
  async run({ summary }, { approval }) {
    if (!approval) throw new EscalateToHuman(`A librarian is needed: ${summary}`);
    return {};
  },
});

/** The plan for renewing one loan; the planner (a model, rules, a script) is what picks the loan. */
export const renewPlan = (loanId) => ({
  intent: 'renew',
  confidence: 0.95,
  steps: [
    { id: 'lookup', tool: 'lookup_loan', args: { loanId } },
    { id: 'renew', tool: 'renew_loan', args: {} },
    { id: 'notice', tool: 'send_due_date_notice', args: {} },
  ],
});

const librarianPlan = (summary, confidence) => ({
  intent: 'librarian',
  confidence,
  steps: [{ id: 'handover', tool: 'ask_librarian', args: { summary } }],
});

/** The library domain over a catalogue: what keel's engine needs to serve a library's patrons. */
export function createLibraryDomain(catalogue) {
  return {
    registry: new ToolRegistry([lookupLoan, renewLoan, cancelRenewal, sendDueDateNotice, askLibrarian]),
    ports: { catalogue },
    intents: ['renew', 'librarian', 'clarify'],
    policy: 'You plan for a library desk. Renew only loans listed as the patron’s.',
    examples: [{ customer: 'renew LOAN-1 please', plan: renewPlan('LOAN-1') }],
    // What the planner may see about the signed-in patron: their own loans, nobody else's.
    facts: async (patronId) => ({
      loans: [...catalogue.loans.values()].filter((loan) => loan.patronId === patronId),
    }),
    describeFacts: ({ loans }) =>
      `Their loans:\n${loans.map((l) => `- ${l.id}: ${l.title}, due ${l.dueOn}`).join('\n')}`,
    // Every loan id a plan names must be the patron's, or validation refuses the plan.
    ownership: (plan, facts) =>
      plan.steps.flatMap((step, index) => {
        const { loanId } = step.args;
        if (typeof loanId !== 'string' || facts.loans.some((loan) => loan.id === loanId)) return [];
        const path = ['steps', index, 'args', 'loanId'];
        return [
          { code: 'LOAN_NOT_OWNED', stepId: step.id, path, message: `loan ${loanId} is not this patron's` },
        ];
      }),
    handover: librarianPlan,
    // Rules for the offline planner (no model): a renewal naming a loan, else a question or a person.
    offline: {
      decide(request, reasons) {
        const text = request.messages.at(-1)?.text ?? '';
        const loanId = text.match(/LOAN-\d+/i)?.[0].toUpperCase();
        if (/librarian|person|human/i.test(text)) return { plan: librarianPlan(text, 0.95) };
        if (!/renew/i.test(text)) return { plan: librarianPlan(text, 0.5) }; // under the threshold: waits
        reasons.push(loanId ? `renew ${loanId}` : 'renew, which loan?');
        if (loanId) return { plan: renewPlan(loanId) };
        return {
          plan: {
            intent: 'clarify',
            confidence: 0.9,
            steps: [],
            ask: { kind: 'clarify_intent', slots: {}, text: 'Which loan should I renew?' },
          },
        };
      },
    },
    templates: {
      // Asked before a write plan runs, in the library's words from its own data.
      confirmation(plan, facts) {
        const loan = facts.loans.find((l) => l.id === plan.steps[0]?.args.loanId);
        if (plan.intent !== 'renew' || !loan) return null; // no question (another's loan fails validation)
        return `renewing "${loan.title}" (due ${loan.dueOn}) for three weeks`;
      },
      completed: (_intent, { renewed }) =>
        renewed ? `"${renewed.title}" is now due ${renewed.dueOn}.` : 'Done.',
      compensated: () => 'Something went wrong, so nothing was changed on your card.',
    },
  };
}
