import type { KeelApp } from '../../agent/keel-app.js';
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
export function escalationQueue(keel: KeelApp, desk: SupportDesk): QueueItem[] {
  return keel.store.listEscalations({ status: 'open' }).map((e) => {
    const workflow = keel.store.getWorkflow(e.workflowId);
    const outputs = workflow ? keel.store.steps(workflow.id).map((s) => s.output) : [];
    const facts = desk.caseFacts(workflow?.plan ?? null, outputs, e.details);
    return {
      id: e.id,
      workflowId: e.workflowId,
      conversationId: workflow?.conversationId ?? null,
      customerId: workflow?.customerId ?? null,
      kind: e.kind,
      reasonKind: e.reasonKind,
      reason: e.reason,
      orderId: facts.orderId,
      amount: facts.amount,
      createdAt: e.createdAt,
    };
  });
}
