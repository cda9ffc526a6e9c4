import type { WorkflowStatus } from './workflow-records.js';

/** What the store keeps of conversations: records only; the `Store` port reads and writes them. */

export const CONVERSATION_STATUSES = [
  'open',
  'awaiting_customer',
  'awaiting_confirmation',
  'waiting_for_human',
] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export interface ConversationRecord {
  id: string;
  customerId: string;
  status: ConversationStatus;
  /** A write plan the agent proposed and waits for the customer to confirm. */
  pendingPlan: unknown;
  lastWorkflowId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MessageRecord {
  conversationId: string;
  seq: number;
  /** `staff`: a person who took the conversation over wrote it (the agent was silent). */
  role: 'customer' | 'agent' | 'staff';
  text: string;
  workflowId: string | null;
  createdAt: string;
}

/** A message before the store numbers it. */
export type NewMessage = Omit<MessageRecord, 'seq'>;

/** A change to a conversation's state; fields left out stay as they are. */
export type ConversationChange = Partial<
  Pick<ConversationRecord, 'status' | 'pendingPlan' | 'lastWorkflowId'>
> & { updatedAt: string };

/** What a request with an idempotency key got, and a hash of the body it was sent with. */
export interface SavedResponse {
  response: unknown;
  /** Null for responses saved before keel compared bodies. */
  requestHash: string | null;
}

/**
 * The agent's answer about a workflow, written in the same transaction as the workflow change that
 * settles it (last checkpoint, escalation, final status), so a crash between the two cannot lose
 * it. The message is appended to `conversationId` with the workflow's id, the conversation takes
 * `status`, its last workflow and no pending plan. A conversation that does not exist is skipped.
 */
export interface ConversationReply {
  conversationId: string;
  text: string;
  status: ConversationStatus;
  at: string;
}

/** The conversation status a workflow's status leaves the customer in. */
export function conversationStatusOf(status: WorkflowStatus): ConversationStatus {
  if (status === 'awaiting_customer') return 'awaiting_customer';
  if (status === 'waiting_for_human') return 'waiting_for_human';
  return 'open';
}
