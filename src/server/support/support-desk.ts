/**
 * `src/server/support`: what the console's and the widget's routes stand on besides the engine:
 * the `SupportDesk` port below (finding a customer, the shop's view of an order, conversations as
 * staff see them, named staff's audit trail and takeovers), the escalation queue, event streams and
 * the escalation webhook. It may import `src/agent` (the app), the store's port (`store/store.ts`)
 * and `src/errors.ts`, never a domain or the store's internals: the composition root builds the
 * desk for the domain it serves (retail: `retailSupportDesk`).
 */

import type {
  ConversationSearchQuery,
  NewAuditEntry,
  WorkflowRecord,
  WorkflowSearch,
} from '../../store/store.js';

export type { WorkflowSearch };

/** A customer as the console lists them after a lookup. */
export interface CustomerSummary {
  id: string;
  name: string;
  email: string;
  postalCode: string | null;
}

/** One way to find a customer: by id, by email, or by name together with postal code. */
export type CustomerQuery = { id: string } | { email: string } | { name: string; postalCode: string };

/** A conversation row as staff see it (no customer scoping). */
export interface ConversationSummary {
  id: string;
  customerId: string;
  status: string;
  pendingPlan: unknown;
  lastWorkflowId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One stored message; `seq` is its position in the conversation and its stream event id. */
export interface MessageSummary {
  seq: number;
  role: string;
  text: string;
  workflowId: string | null;
  at: string;
}

/**
 * A search over conversations, most recently updated first; `workflowStatus` and `planMentions`
 * keep those with a workflow of that status or plan text. (The store's query, as the desk takes it.)
 */
export type ConversationSearch = ConversationSearchQuery;

/** A staff member's edit of the agent's reply, audited with the agent's own text. */
export interface ReplyRevision {
  conversationId: string;
  seq: number;
  text: string;
  audit: AuditRecord;
}

/** What a workflow is about, for the queue: its order and the money at stake, when known. */
export interface CaseFacts {
  orderId: string | null;
  amount: { cents: number; currency: string } | null;
}

/**
 * One thing a staff member did (decisions are read from the escalations themselves): the console
 * store's audit entry, without its sequence number.
 */
export type AuditRecord = NewAuditEntry;

/**
 * Every method may read a database or a shop across the network, so all of them are asynchronous,
 * as the `Store` port is.
 */
export interface SupportDesk {
  audit(entry: AuditRecord): Promise<void>;
  auditTrail(filter: { conversationId?: string; limit: number }): Promise<AuditRecord[]>;
  /** Who took a conversation over from the agent, or null when the agent answers. */
  heldBy(conversationId: string): Promise<{ by: string; since: string } | null>;
  takeOver(conversationId: string, by: string, at: string): Promise<void>;
  /** Resolves to whether the conversation was held. */
  handBack(conversationId: string): Promise<boolean>;
  /** Stores a message without the agent answering it (a takeover). */
  appendMessage(
    conversationId: string,
    role: 'customer' | 'staff',
    text: string,
    at: string,
  ): Promise<MessageSummary>;
  /** Reads a workflow's plan, step outputs and escalation details for the order and amount. */
  caseFacts(plan: unknown, outputs: readonly unknown[], details: unknown): CaseFacts;
  findCustomers(query: CustomerQuery): Promise<CustomerSummary[]>;
  /** The shop's own record of an order (labels, refunds, emails), or null. */
  describeOrder(orderId: string): Promise<unknown | null>;
  conversation(id: string): Promise<ConversationSummary | null>;
  /** Messages after `afterSeq` (0 for all), oldest first. */
  messages(conversationId: string, afterSeq: number): Promise<MessageSummary[]>;
  searchConversations(search: ConversationSearch): Promise<ConversationSummary[]>;
  searchWorkflows(search: WorkflowSearch): Promise<WorkflowRecord[]>;
  /**
   * Replaces the text of the agent's message `seq` while it is the conversation's last message;
   * resolves to whether it did (the audit record is written with it, or not at all).
   */
  reviseReply(revision: ReplyRevision): Promise<boolean>;
}
