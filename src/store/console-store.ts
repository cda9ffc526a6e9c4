/**
 * The support console's own data beside the engine's: named staff and their tokens (only a hash is
 * stored), the audit trail of what staff did, which conversations a person has taken over, search
 * over conversations and workflows, and a staff member's edit of an agent's reply. One port, two
 * implementations over the store's database (`SqliteConsoleStore`, `PgConsoleStore`), one
 * conformance suite (test/store/console-store.contract.ts).
 */

/** One thing a staff member did, as the audit trail shows it. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  conversationId: string | null;
  workflowId: string | null;
  detail: Record<string, unknown> | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq'>;

export interface StaffMember {
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Staff names are what the audit trail shows: short, printable, no spaces at the ends. */
export const STAFF_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,62}[\p{L}\p{N}]$|^[\p{L}\p{N}]$/u;

/**
 * What a search over workflows matches; every field narrows it. `from`/`to` bound the time a row
 * was alive (updated at or after `from`, created at or before `to`); `customerId` matches without
 * regard to case; `planMentions` is text the plan contains (an order id), matched without regard
 * to case, for the caller to confirm against the plan's own reading.
 */
export interface WorkflowSearch {
  customerId?: string;
  status?: string;
  from?: string;
  to?: string;
  planMentions?: string;
  limit: number;
}

/**
 * What a search over conversations matches. `workflowStatus` and `planMentions` keep the
 * conversations that have at least one workflow with that status or plan text.
 */
export interface ConversationSearchQuery {
  customerId?: string;
  status?: string;
  from?: string;
  to?: string;
  workflowStatus?: string;
  planMentions?: string;
  limit: number;
}

/** A staff member's edit of the agent's reply: it replaces the text the conversation shows. */
export interface ReplyRevision {
  conversationId: string;
  seq: number;
  text: string;
  /** Recorded in the same transaction, with the agent's own text in its detail. */
  audit: NewAuditEntry;
}

export interface ConsoleStore {
  /** Adds a staff member, or gives one a new token (the old one stops working). Returns the token. */
  addStaff(name: string, at: string): Promise<string>;
  /** Resolves to whether an active member was revoked. */
  revokeStaff(name: string, at: string): Promise<boolean>;
  /** The active staff member a token belongs to, or null. */
  staffNameOf(token: string): Promise<string | null>;
  listStaff(): Promise<StaffMember[]>;
  audit(entry: NewAuditEntry): Promise<void>;
  /** Newest first. */
  auditTrail(filter: { conversationId?: string; limit: number }): Promise<AuditEntry[]>;
  /** Who holds a conversation the agent must stay silent in, or null. */
  heldBy(conversationId: string): Promise<{ by: string; since: string } | null>;
  takeOver(conversationId: string, by: string, at: string): Promise<void>;
  /** Resolves to whether the conversation was held. */
  handBack(conversationId: string): Promise<boolean>;
  /** Ids of matching conversations, the most recently updated first. */
  searchConversations(query: ConversationSearchQuery): Promise<string[]>;
  /** Ids of matching workflows, the most recently created first. */
  searchWorkflows(query: WorkflowSearch): Promise<string[]>;
  /**
   * Replaces the text of an agent's message, only while it is the conversation's last message (a
   * later message would have answered the original), and audits it in the same transaction.
   * Resolves to whether the message was replaced.
   */
  reviseReply(revision: ReplyRevision): Promise<boolean>;
}

/** `LIKE` text matching `value` anywhere, with `\` escaping LIKE's own wildcards. */
export function likeAnywhere(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const auditDetail = (json: unknown): Record<string, unknown> | null =>
  typeof json === 'string' && json ? (JSON.parse(json) as Record<string, unknown>) : null;
