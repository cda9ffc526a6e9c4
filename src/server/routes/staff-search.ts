import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WORKFLOW_STATUSES } from '../../store/store.js';
import { requireStaff } from '../auth.js';
import type { SupportDesk } from '../support/support-desk.js';
import { parse } from './conversations.js';

const SEARCH_LIMIT = 100;
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31');
const Search = z.strictObject({
  customer: z.string().trim().min(1).max(100).optional(),
  order: z.string().trim().min(1).max(100).optional(),
  status: z.string().trim().min(1).max(40).optional(),
  from: Day.optional(),
  to: Day.optional(),
});

/**
 * Search over workflows and conversations by customer, order, status and date (`from`/`to`,
 * whole days, inclusive). A status that is a workflow status filters workflows; a conversation
 * status filters conversations. The order is matched in the workflow's plan. Newest first; the
 * search runs in the console's store (SQLite or PostgreSQL).
 */
export function staffSearchRoutes(app: FastifyInstance, desk: SupportDesk): void {
  app.get('/v1/staff/search', async (request) => {
    requireStaff(request.principal);
    const q = parse(Search, request.query, 'query');
    const from = q.from ? `${q.from}T00:00:00.000Z` : undefined;
    const to = q.to ? `${q.to}T23:59:59.999Z` : undefined;
    const workflowStatus = (WORKFLOW_STATUSES as readonly string[]).includes(q.status ?? '')
      ? (q.status as (typeof WORKFLOW_STATUSES)[number])
      : undefined;
    const order = q.order?.toUpperCase();
    const common = {
      ...(q.customer ? { customerId: q.customer } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(order ? { planMentions: order } : {}),
      limit: SEARCH_LIMIT,
    };
    // A status that is neither a workflow's nor a conversation's matches nothing, of either kind.
    const listed =
      q.status && !workflowStatus
        ? []
        : await desk.searchWorkflows({ ...common, ...(workflowStatus ? { status: workflowStatus } : {}) });
    // The plan's text matched loosely (ORD-100 is in ORD-1001); its order is read to confirm.
    const workflows = listed
      .map((w) => ({ workflow: w, facts: desk.caseFacts(w.plan, [], null) }))
      .filter(({ facts }) => !order || facts.orderId?.toUpperCase() === order)
      .map(({ workflow: w, facts }) => ({
        id: w.id,
        customerId: w.customerId,
        conversationId: w.conversationId,
        intent: w.intent,
        status: w.status,
        orderId: facts.orderId,
        createdAt: w.createdAt,
        updatedAt: w.updatedAt,
      }));
    const orderConversations = new Set(workflows.map((w) => w.conversationId));
    const found = await desk.searchConversations({
      ...common,
      ...(workflowStatus ? { workflowStatus } : q.status ? { status: q.status } : {}),
    });
    const conversations = found
      .filter((c) => !order || orderConversations.has(c.id))
      .map(({ pendingPlan: _plan, ...c }) => c);
    return { workflows, conversations };
  });
}
