import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { KeelAgent } from '../../agent/create-agent.js';
import type { KeelApp } from '../../agent/keel-app.js';
import { codePointLength } from '../../code-points.js';
import { ConversationNotFoundError, InputError } from '../../errors.js';
import { forbiddenRequests } from '../../planner/secret-request.js';
import { UnsafeReplyError } from '../../reply-errors.js';
import { requireCustomer, requireStaff } from '../auth.js';
import type { AuditRecord, SupportDesk } from '../support/support-desk.js';
import { Params, parse } from './conversations.js';

const MAX_TEXT = 4000;
export const StaffText = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((t) => codePointLength(t) <= MAX_TEXT, `must be at most ${MAX_TEXT} characters`),
});
const AuditQuery = z.strictObject({ conversation: z.string().min(1).max(100).optional() });

/**
 * Taking a conversation over: a staff member writes to the customer in the same conversation and
 * the agent stays silent (the customer's messages are stored, not planned) until handed back.
 * Every takeover, hand-back and message is in the audit trail with who did it.
 */
export function takeoverRoutes(app: FastifyInstance, keel: KeelApp, desk: SupportDesk): void {
  const now = () => keel.runtime.clock.now().toISOString();
  const existing = async (id: string) => {
    const conversation = await desk.conversation(id);
    if (!conversation) throw new ConversationNotFoundError(id);
    return conversation;
  };

  app.post('/v1/staff/conversations/:id/takeover', async (request) => {
    const actor = requireStaff(request.principal);
    const { id } = parse(Params, request.params, 'path');
    await existing(id);
    const at = now();
    await desk.takeOver(id, actor, at);
    await desk.audit({ at, actor, action: 'takeover', conversationId: id, workflowId: null, detail: null });
    return { heldBy: await desk.heldBy(id) };
  });

  app.post('/v1/staff/conversations/:id/handback', async (request) => {
    const actor = requireStaff(request.principal);
    const { id } = parse(Params, request.params, 'path');
    await existing(id);
    if (await desk.handBack(id))
      await desk.audit({
        at: now(),
        actor,
        action: 'handback',
        conversationId: id,
        workflowId: null,
        detail: null,
      });
    return { heldBy: null };
  });

  staffMessageRoute(app, desk, now, existing);

  app.get('/v1/staff/audit', async (request) => {
    requireStaff(request.principal);
    const { conversation } = parse(AuditQuery, request.query, 'query');
    return { audit: await auditTrail(keel, desk, conversation) };
  });
}

/**
 * Runs before the chat API's message route: while a person holds the conversation, the customer's
 * message is kept for them and the agent does not answer it.
 */
export function silentWhileHeld(app: FastifyInstance, keel: KeelApp, desk: SupportDesk): void {
  const now = () => keel.runtime.clock.now().toISOString();
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/v1/conversations/:id/messages') return;
    const { id } = parse(Params, request.params, 'path');
    const held = await desk.heldBy(id);
    if (!held) return;
    const customerId = requireCustomer(request.principal);
    const { text } = parse(z.strictObject({ text: z.string() }), request.body, 'body');
    const admitted = await keel.admit(id, customerId, text);
    await desk.appendMessage(id, 'customer', admitted, now());
    return reply.send({ reply: null, status: 'taken_over', workflow: null });
  });
}

/** The audit trail, newest first: staff actions, and decisions read from the escalations. */
export async function auditTrail(
  keel: KeelAgent,
  desk: SupportDesk,
  conversationId?: string,
): Promise<AuditRecord[]> {
  const actions = await desk.auditTrail({ ...(conversationId ? { conversationId } : {}), limit: 500 });
  const decided = (await keel.escalations()).filter((e) => e.decidedBy !== null && e.decidedAt !== null);
  const withWorkflows = await Promise.all(
    decided.map(async (e) => ({ escalation: e, workflow: (await keel.workflow(e.workflowId)).workflow })),
  );
  const decisions = withWorkflows
    .filter(({ workflow }) => !conversationId || workflow?.conversationId === conversationId)
    .map(({ escalation: e, workflow }) => ({
      at: e.decidedAt as string,
      actor: e.decidedBy as string,
      action: e.status === 'approved' ? 'approve' : 'reject',
      conversationId: workflow?.conversationId ?? null,
      workflowId: e.workflowId,
      detail: { escalationId: e.id, note: e.note },
    }));
  return [...actions, ...decisions].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 500);
}

/** A staff member writes in a conversation they took over, as the shop's voice; audited. */
function staffMessageRoute(
  app: FastifyInstance,
  desk: SupportDesk,
  now: () => string,
  existing: (id: string) => Promise<unknown>,
): void {
  app.post('/v1/staff/conversations/:id/reply', async (request) => {
    const actor = requireStaff(request.principal);
    const { id } = parse(Params, request.params, 'path');
    await existing(id);
    const { text } = parse(StaffText, request.body, 'body');
    // Writing while the agent also answers would give the customer two voices at once.
    if (!(await desk.heldBy(id))) throw new InputError('Take the conversation over before writing in it');
    // The customer reads it as the shop's voice: it asks for no payment data or credentials either.
    const asks = forbiddenRequests(text);
    if (asks.length > 0) throw new UnsafeReplyError(asks);
    const at = now();
    const message = await desk.appendMessage(id, 'staff', text, at);
    await desk.audit({
      at,
      actor,
      action: 'message',
      conversationId: id,
      workflowId: null,
      detail: { seq: message.seq },
    });
    return { message };
  });
}
