import type { KeelAgent } from '../../agent/create-agent.js';
import type { SupportDesk } from './support-desk.js';

/** One open escalation as the console's queue shows it. */
export interface QueueItem {
  id: string;
  workflowId: string;
  conversationId: string | null;
  customerId: string | null;
  kind: string;
  reasonKind: string;
  reason: string;
  orderId: string | null;
  amount: { cents: number; currency: string } | null;
  createdAt: string;
}

/** The open escalations, oldest first, each with its customer, order and the money at stake. */
export async function escalationQueue(keel: KeelAgent, desk: SupportDesk): Promise<QueueItem[]> {
  const open = await keel.escalations({ status: 'open' });
  return Promise.all(
    open.map(async (e) => {
      const { workflow, steps } = await keel.workflow(e.workflowId);
      const facts = desk.caseFacts(
        workflow.plan,
        steps.map((s) => s.output),
        e.details,
      );
      return {
        id: e.id,
        workflowId: e.workflowId,
        conversationId: workflow.conversationId,
        customerId: workflow.customerId,
        kind: e.kind,
        reasonKind: e.reasonKind,
        reason: e.reason,
        orderId: facts.orderId,
        amount: facts.amount,
        createdAt: e.createdAt,
      };
    }),
  );
}
