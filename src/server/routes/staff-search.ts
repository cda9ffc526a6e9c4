import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { KeelApp } from '../../agent/keel-app.js';
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
 * status filters conversations. The order is matched in the workflow's plan.
 */
export function staffSearchRoutes(app: FastifyInstance, keel: KeelApp, desk: SupportDesk): void {
  app.get('/v1/staff/search', async (request) => {
    requireStaff(request.principal);
    const q = parse(Search, request.query, 'query');
    const from = q.from ? `${q.from}T00:00:00.000Z` : undefined;
    const to = q.to ? `${q.to}T23:59:59.999Z` : undefined;
    const workflowStatus = (WORKFLOW_STATUSES as readonly string[]).includes(q.status ?? '')
      ? (q.status as (typeof WORKFLOW_STATUSES)[number])
      : undefined;
    const order = q.order?.toUpperCase();
    const listed = await keel.workflows({
      ...(q.customer ? { customerId: q.customer.toUpperCase() } : {}),
      ...(workflowStatus ? { status: workflowStatus } : {}),
    });
    const workflows = listed
      .filter(() => !q.status || workflowStatus !== undefined)
      .filter((w) => (!from || w.updatedAt >= from) && (!to || w.createdAt <= to))
      .map((w) => ({ workflow: w, facts: desk.caseFacts(w.plan, [], null) }))
      .filter(({ facts }) => !order || facts.orderId?.toUpperCase() === order)
      .slice(0, SEARCH_LIMIT)
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
      ...(q.customer ? { customerId: q.customer } : {}),
      ...(q.status && !workflowStatus ? { status: q.status } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      limit: SEARCH_LIMIT,
    });
    const conversations = found
      .filter((c) => !q.status || !workflowStatus || orderConversations.has(c.id))
      .filter((c) => !order || orderConversations.has(c.id))
      .map(({ pendingPlan: _plan, ...c }) => c);
    return { workflows, conversations };
  });
}
