import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { KeelApp } from '../../agent/keel-app.js';
import { codePointLength } from '../../code-points.js';
import { ConversationNotFoundError, InputError } from '../../errors.js';
import { requireCustomer, requireStaff } from '../auth.js';
import type { AuditRecord, SupportDesk } from '../support/support-desk.js';
import { Params, parse } from './conversations.js';

const MAX_TEXT = 4000;
const Text = z.strictObject({
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
  const existing = (id: string) => {
    const conversation = desk.conversation(id);
    if (!conversation) throw new ConversationNotFoundError(id);
    return conversation;
  };

  // Runs before the chat API's message route: while a person holds the conversation, the
  // customer's message is kept for them and the agent does not answer it.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/v1/conversations/:id/messages') return;
    const { id } = parse(Params, request.params, 'path');
    const held = desk.heldBy(id);
    if (!held) return;
    const customerId = requireCustomer(request.principal);
    const { text } = parse(z.strictObject({ text: z.string() }), request.body, 'body');
    const admitted = keel.conversations.admit(id, customerId, text);
    desk.appendMessage(id, 'customer', admitted, now());
    return reply.send({ reply: null, status: 'taken_over', workflow: null });
  });

  app.post('/v1/staff/conversations/:id/takeover', async (request) => {
    const actor = requireStaff(request.principal);
    const { id } = parse(Params, request.params, 'path');
    existing(id);
    const at = now();
    desk.takeOver(id, actor, at);
    desk.audit({ at, actor, action: 'takeover', conversationId: id, workflowId: null, detail: null });
    return { heldBy: desk.heldBy(id) };
  });

  app.post('/v1/staff/conversations/:id/handback', async (request) => {
    const actor = requireStaff(request.principal);
    const { id } = parse(Params, request.params, 'path');
    existing(id);
    if (desk.handBack(id))
      desk.audit({
        at: now(),
        actor,
        action: 'handback',
        conversationId: id,
        workflowId: null,
        detail: null,
      });
    return { heldBy: null };
  });

  app.post('/v1/staff/conversations/:id/reply', async (request) => {
    const actor = requireStaff(request.principal);
    const { id } = parse(Params, request.params, 'path');
    existing(id);
    const { text } = parse(Text, request.body, 'body');
    // Writing while the agent also answers would give the customer two voices at once.
    if (!desk.heldBy(id)) throw new InputError('Take the conversation over before writing in it');
    const at = now();
    const message = desk.appendMessage(id, 'staff', text, at);
    desk.audit({
      at,
      actor,
      action: 'message',
      conversationId: id,
      workflowId: null,
      detail: { seq: message.seq },
    });
    return { message };
  });

  app.get('/v1/staff/audit', async (request) => {
    requireStaff(request.principal);
    const { conversation } = parse(AuditQuery, request.query, 'query');
    return { audit: auditTrail(keel, desk, conversation) };
  });
}

/** The audit trail, newest first: staff actions, and decisions read from the escalations. */
export function auditTrail(keel: KeelApp, desk: SupportDesk, conversationId?: string): AuditRecord[] {
  const actions = desk.auditTrail({ ...(conversationId ? { conversationId } : {}), limit: 500 });
  const decisions = keel.store
    .listEscalations()
    .filter((e) => e.decidedBy !== null && e.decidedAt !== null)
    .map((e) => ({ escalation: e, workflow: keel.store.getWorkflow(e.workflowId) }))
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
