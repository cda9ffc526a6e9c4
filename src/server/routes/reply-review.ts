import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { KeelApp } from '../../agent/keel-app.js';
import { ConversationNotFoundError, InputError } from '../../errors.js';
import { forbiddenRequests } from '../../planner/secret-request.js';
import { ReplySupersededError, UnsafeReplyError } from '../../reply-errors.js';
import { requireStaff } from '../auth.js';
import type { SupportDesk } from '../support/support-desk.js';
import { parse } from './conversations.js';
import { StaffText } from './takeover.js';

const ReplyParams = z.strictObject({
  id: z.string().min(1).max(100),
  seq: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

/**
 * "Confirm or edit the answer" when acting for a customer: the staff member sends the agent's reply
 * as it is, or their own text in its place, which is then what the customer's conversation shows.
 * Either way it is audited with who did it; an edit keeps the agent's own text in the audit. The
 * text sent must not ask for payment data or credentials, and only the conversation's last message
 * can be replaced: once something follows it, the reply has been read and answered as it was.
 */
export function replyReviewRoutes(app: FastifyInstance, keel: KeelApp, desk: SupportDesk): void {
  app.post('/v1/staff/conversations/:id/replies/:seq/send', async (request) => {
    const actor = requireStaff(request.principal);
    const { id, seq } = parse(ReplyParams, request.params, 'path');
    const { text } = parse(StaffText, request.body, 'body');
    if (!(await desk.conversation(id))) throw new ConversationNotFoundError(id);
    const after = await desk.messages(id, seq - 1);
    const reply = after[0];
    if (reply?.seq !== seq || reply.role !== 'agent')
      throw new InputError(`Message ${seq} of this conversation is not a reply of the agent's`);
    if (after.length > 1) throw new ReplySupersededError(id, seq);
    const asks = forbiddenRequests(text);
    if (asks.length > 0) throw new UnsafeReplyError(asks);
    const at = keel.runtime.clock.now().toISOString();
    const base = { at, actor, conversationId: id, workflowId: reply.workflowId };
    if (text === reply.text.trim()) {
      await desk.audit({ ...base, action: 'reply_confirmed', detail: { seq } });
      return { edited: false, message: reply };
    }
    const audit = { ...base, action: 'reply_edited', detail: { seq, agentText: reply.text, text } };
    if (!(await desk.reviseReply({ conversationId: id, seq, text, audit })))
      throw new ReplySupersededError(id, seq);
    return { edited: true, message: { ...reply, text } };
  });
}
