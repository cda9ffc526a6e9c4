import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { KeelApp } from '../../agent/keel-app.js';
import { pendingPlanOf } from '../../agent/pending-action.js';
import { ConversationNotFoundError, InputError, OrderNotFoundError } from '../../errors.js';
import { requireStaff } from '../auth.js';
import { escalationQueue } from '../support/queue.js';
import type { ConversationSummary, CustomerQuery, SupportDesk } from '../support/support-desk.js';
import { turnView, workflowView } from '../views.js';
import { Params, parse } from './conversations.js';
import { auditTrail } from './takeover.js';

const Field = z.string().trim().min(1).max(200);
const CustomerLookup = z.strictObject({
  id: Field.optional(),
  email: Field.optional(),
  name: Field.optional(),
  postalCode: Field.optional(),
});
const MessageBody = z.strictObject({ text: z.string() });

/** Exactly one way to find a customer; a name alone matches too many people to act on. */
function customerQuery(raw: z.infer<typeof CustomerLookup>): CustomerQuery {
  if (raw.id) return { id: raw.id };
  if (raw.email) return { email: raw.email };
  if (raw.name && raw.postalCode) return { name: raw.name, postalCode: raw.postalCode };
  throw new InputError('Find a customer by id, by email, or by name together with postalCode');
}

/** The support console's staff API: customers, orders, conversations, acting for a customer. */
export function consoleRoutes(app: FastifyInstance, keel: KeelApp, desk: SupportDesk): void {
  app.get('/v1/staff/customers', async (request) => {
    requireStaff(request.principal);
    const query = customerQuery(parse(CustomerLookup, request.query, 'query'));
    return { customers: await desk.findCustomers(query) };
  });

  app.get('/v1/staff/orders/:id', async (request) => {
    requireStaff(request.principal);
    const { id } = parse(Params, request.params, 'path');
    const order = await desk.describeOrder(id);
    if (!order) throw new OrderNotFoundError(id);
    return order;
  });

  app.get('/v1/staff/queue', async (request) => {
    requireStaff(request.principal);
    return { now: keel.runtime.clock.now().toISOString(), escalations: await escalationQueue(keel, desk) };
  });

  app.get('/v1/staff/conversations/:id', async (request) => {
    requireStaff(request.principal);
    const { id } = parse(Params, request.params, 'path');
    const conversation = await desk.conversation(id);
    if (!conversation) throw new ConversationNotFoundError(id);
    return {
      ...conversation,
      heldBy: await desk.heldBy(id),
      messages: await desk.messages(id, 0),
      workflows: await conversationWorkflows(keel, desk, conversation),
      audit: await auditTrail(keel, desk, id),
    };
  });
}

/**
 * Acting for a customer: a conversation in their name, where the staff member pastes what the
 * customer wrote. A write plan is stated and waits for a yes, as in the widget, so the plan is
 * seen before it runs; the staff member's confirmation is that yes.
 */
export function actForCustomerRoutes(app: FastifyInstance, keel: KeelApp, desk: SupportDesk): void {
  app.post('/v1/staff/customers/:id/conversations', async (request, reply) => {
    const actor = requireStaff(request.principal);
    const { id } = parse(Params, request.params, 'path');
    const [customer] = await desk.findCustomers({ id });
    if (!customer) throw new InputError(`No customer "${id}"`);
    const conversation = await keel.startConversation(customer.id);
    await desk.audit({
      at: conversation.createdAt,
      actor,
      action: 'act_for_customer_start',
      conversationId: conversation.id,
      workflowId: null,
      detail: { customerId: customer.id },
    });
    return reply.status(201).send({ id: conversation.id, customerId: customer.id });
  });

  app.post('/v1/staff/conversations/:id/messages', async (request) => {
    const actor = requireStaff(request.principal);
    const { id } = parse(Params, request.params, 'path');
    const { text } = parse(MessageBody, request.body, 'body');
    const conversation = await desk.conversation(id);
    if (!conversation) throw new ConversationNotFoundError(id);
    await desk.audit({
      at: keel.runtime.clock.now().toISOString(),
      actor,
      action: 'act_for_customer',
      conversationId: id,
      workflowId: null,
      detail: { text },
    });
    const before = (await desk.messages(id, 0)).at(-1)?.seq ?? 0;
    const outcome = await keel.post(id, conversation.customerId, text);
    const after = await desk.conversation(id);
    // The agent's answer to this message, to confirm or edit before the customer relies on it.
    const answer = (await desk.messages(id, before)).filter((m) => m.role === 'agent').at(-1) ?? null;
    return { ...turnView(outcome), pendingPlan: pendingPlanOf(after?.pendingPlan), answer };
  });
}

/** A conversation's workflows with their step states, the case facts and the journal as a timeline. */
async function conversationWorkflows(keel: KeelApp, desk: SupportDesk, conversation: ConversationSummary) {
  const all = await keel.workflows({ customerId: conversation.customerId });
  const ours = all.filter((w) => w.conversationId === conversation.id);
  return Promise.all(
    ours.map(async (w) => {
      const result = await keel.workflow(w.id);
      const journal = await keel.journal(w.id);
      return {
        ...workflowView(result),
        plan: w.plan,
        createdAt: w.createdAt,
        ...desk.caseFacts(
          w.plan,
          result.steps.map((s) => s.output),
          null,
        ),
        timeline: journal.map((e) => ({ at: e.at, type: e.type, stepId: e.stepId, data: e.data })),
      };
    }),
  );
}
