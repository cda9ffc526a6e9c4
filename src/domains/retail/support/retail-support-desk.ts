import type {
  CaseFacts,
  ConversationSearch,
  ConversationSummary,
  CustomerQuery,
  CustomerSummary,
  SupportDesk,
} from '../../../server/support/support-desk.js';
import { ConversationStore } from '../../../store/conversation-store.js';
import type { SqliteDatabase } from '../../../store/database.js';
import { StaffStore } from '../../../store/staff-store.js';
import type { Shop } from '../shop.js';

type Row = Record<string, unknown>;

/**
 * The console's support desk over retail: customers are looked up in the sandbox shop's customer
 * table (a minimal lookup until the Shop port has one of its own; a shop without that table finds
 * nobody), orders through `Shop.describeOrder`, conversations in keel's own tables.
 */
export function retailSupportDesk(db: SqliteDatabase, shop: Shop): SupportDesk {
  const conversations = new ConversationStore(db);
  const staff = new StaffStore(db);
  const hasCustomers = Boolean(
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shop_customers'").get(),
  );
  return {
    async findCustomers(query) {
      if (!hasCustomers) return [];
      return customerRows(db, query).map(toCustomer);
    },
    describeOrder: (orderId) => shop.describeOrder(orderId.trim().toUpperCase()),
    conversation(id) {
      const c = conversations.get(id);
      return c ? { ...c } : null;
    },
    messages(conversationId, afterSeq) {
      return conversations
        .messages(conversationId)
        .filter((m) => m.seq > afterSeq)
        .map((m) => ({ seq: m.seq, role: m.role, text: m.text, workflowId: m.workflowId, at: m.createdAt }));
    },
    searchConversations: (search) => searchConversations(db, conversations, search),
    caseFacts: retailCaseFacts,
    audit: (entry) => staff.audit(entry),
    auditTrail: (filter) => staff.auditTrail(filter),
    heldBy: (id) => staff.heldBy(id),
    takeOver: (id, by, at) => staff.takeOver(id, by, at),
    handBack: (id) => staff.handBack(id),
    appendMessage(conversationId, role, text, at) {
      const m = conversations.append({ conversationId, role, text, workflowId: null, createdAt: at });
      conversations.update(conversationId, { updatedAt: at });
      return { seq: m.seq, role: m.role, text: m.text, workflowId: null, at: m.createdAt };
    },
  };
}

function customerRows(db: SqliteDatabase, query: CustomerQuery): Row[] {
  if ('id' in query)
    return db
      .prepare('SELECT * FROM shop_customers WHERE id = ? COLLATE NOCASE')
      .all(query.id.trim()) as Row[];
  if ('email' in query)
    return db
      .prepare('SELECT * FROM shop_customers WHERE email = ? COLLATE NOCASE')
      .all(query.email.trim()) as Row[];
  // A name alone is not enough to tell customers apart; with the postal code it is.
  const postal = normalisePostal(query.postalCode);
  return (
    db.prepare('SELECT * FROM shop_customers WHERE name = ? COLLATE NOCASE').all(query.name.trim()) as Row[]
  ).filter((row) => normalisePostal(postalCodeOf(row) ?? '') === postal);
}

function normalisePostal(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

function postalCodeOf(row: Row): string | null {
  try {
    const address = JSON.parse(String(row.address_json)) as { postalCode?: unknown };
    return typeof address.postalCode === 'string' ? address.postalCode : null;
  } catch {
    return null;
  }
}

function toCustomer(row: Row): CustomerSummary {
  return {
    id: String(row.id),
    name: String(row.name),
    email: String(row.email),
    postalCode: postalCodeOf(row),
  };
}

function searchConversations(
  db: SqliteDatabase,
  store: ConversationStore,
  search: ConversationSearch,
): ConversationSummary[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (search.customerId) {
    where.push('customer_id = ? COLLATE NOCASE');
    args.push(search.customerId);
  }
  if (search.status) {
    where.push('status = ?');
    args.push(search.status);
  }
  if (search.from) {
    where.push('updated_at >= ?');
    args.push(search.from);
  }
  if (search.to) {
    where.push('created_at <= ?');
    args.push(search.to);
  }
  const sql = `SELECT id FROM conversations ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY updated_at DESC LIMIT ?`;
  const ids = db.prepare(sql).all(...args, search.limit) as { id: string }[];
  return ids.flatMap(({ id }) => {
    const c = store.get(id);
    return c ? [{ ...c }] : [];
  });
}

/** Retail's case facts: the order the plan looked up, and the refund (or order total) at stake. */
export function retailCaseFacts(plan: unknown, outputs: readonly unknown[], details: unknown): CaseFacts {
  const steps = (plan as { steps?: { args?: Record<string, unknown> }[] } | null)?.steps ?? [];
  const fromPlan = steps.map((s) => s.args?.orderId).find((v): v is string => typeof v === 'string');
  const detail = (details ?? {}) as Record<string, unknown>;
  const orderId = fromPlan ?? (typeof detail.orderId === 'string' ? detail.orderId : null);
  let currency = 'USD';
  let total: number | null = null;
  let refund: number | null = typeof detail.amountCents === 'number' ? detail.amountCents : null;
  for (const output of outputs) {
    const o = (output ?? {}) as {
      order?: { totalCents?: unknown; currency?: unknown };
      eligibility?: unknown;
    };
    if (typeof o.order?.totalCents === 'number') total = o.order.totalCents;
    if (typeof o.order?.currency === 'string') currency = o.order.currency;
    const cents = (o.eligibility as { refundCents?: unknown } | undefined)?.refundCents;
    if (typeof cents === 'number') refund = cents;
  }
  const cents = refund ?? total;
  return { orderId, amount: cents === null ? null : { cents, currency } };
}
