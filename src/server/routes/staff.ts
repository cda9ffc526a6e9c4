import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { KeelApp } from '../../agent/keel-app.js';
import { codePointLength } from '../../code-points.js';
import { WorkflowNotFoundError } from '../../errors.js';
import { requireStaff } from '../auth.js';
import { workflowView } from '../views.js';
import { Params, parse } from './conversations.js';

const MAX_NOTE_CHARS = 2000;
const Decision = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z
    .string()
    .refine((note) => codePointLength(note) <= MAX_NOTE_CHARS, `must be at most ${MAX_NOTE_CHARS} characters`)
    .nullish(),
});
const EscalationQuery = z.object({ status: z.enum(['open', 'approved', 'rejected']).optional() });

/** Workflow timelines (customers see their own) and the staff review of escalations. */
export function staffRoutes(app: FastifyInstance, keel: KeelApp): void {
  app.get('/v1/workflows/:id', async (request) => {
    const { id } = parse(Params, request.params, 'path');
    // WORKFLOW_NOT_FOUND for an unknown id, and for another customer's, so ids cannot be probed.
    const result = await keel.workflow(id);
    const principal = request.principal;
    if (principal.kind === 'customer' && result.workflow.customerId !== principal.customerId) {
      throw new WorkflowNotFoundError(id);
    }
    return {
      ...workflowView(result),
      timeline: (await keel.journal(id)).map((e) => ({
        at: e.at,
        type: e.type,
        stepId: e.stepId,
        data: e.data,
      })),
    };
  });

  app.get('/v1/escalations', async (request) => {
    requireStaff(request.principal);
    const { status } = parse(EscalationQuery, request.query, 'query');
    return { escalations: await keel.escalations(status ? { status } : {}) };
  });

  app.post('/v1/escalations/:id/decision', async (request) => {
    const decidedBy = requireStaff(request.principal);
    const { id } = parse(Params, request.params, 'path');
    const { decision, note } = parse(Decision, request.body, 'body');
    const result = await keel.decide(id, { decision, decidedBy, note: note ?? null });
    return { applied: result.applied, workflow: workflowView(result) };
  });
}
