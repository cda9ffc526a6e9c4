/**
 * `src/domains/retail/support`: the support console's desk over retail (customers, orders, case
 * facts), built by the composition root and handed to the server. It may import the retail pack,
 * the store (its port, the SQLite connection and the staff tables) and the server's `SupportDesk`
 * port it implements.
 */
import type {
  ConversationSearch,
  ConversationSummary,
  CustomerQuery,
  CustomerSummary,
  SupportDesk,
} from '../../../server/support/support-desk.js';
import type { SqliteDatabase } from '../../../store/database.js';
import { StaffStore } from '../../../store/staff-store.js';
import type { Store } from '../../../store/store.js';
import type { CustomerMatch } from '../customers.js';
import type { Shop } from '../shop.js';
import { retailCaseFacts } from './retail-case-facts.js';

/**
 * The console's support desk over retail: customers are found through the shop's own staff lookup
 * (`Shop.findCustomers`, by email or by name and postal code; by id through `Shop.getProfile`),
 * orders through `Shop.describeOrder`, conversations through keel's store, and named staff, the
 * audit trail and takeovers in keel's SQLite file.
 */
export function retailSupportDesk(parts: { db: SqliteDatabase; store: Store; shop: Shop }): SupportDesk {
  const { db, store, shop } = parts;
  const staff = new StaffStore(db);
  return {
    findCustomers: (query) => findCustomers(shop, query),
    describeOrder: (orderId) => shop.describeOrder(orderId.trim().toUpperCase()),
    async conversation(id) {
      const c = await store.getConversation(id);
      return c ? { ...c } : null;
    },
    async messages(conversationId, afterSeq) {
      return (await store.messages(conversationId))
        .filter((m) => m.seq > afterSeq)
        .map((m) => ({ seq: m.seq, role: m.role, text: m.text, workflowId: m.workflowId, at: m.createdAt }));
    },
    searchConversations: (search) => searchConversations(db, store, search),
    caseFacts: retailCaseFacts,
    audit: async (entry) => staff.audit(entry),
    auditTrail: async (filter) => staff.auditTrail(filter),
    heldBy: async (id) => staff.heldBy(id),
    takeOver: async (id, by, at) => staff.takeOver(id, by, at),
    handBack: async (id) => staff.handBack(id),
    async appendMessage(conversationId, role, text, at) {
      const message = { conversationId, role, text, workflowId: null, createdAt: at };
      const m = await store.appendMessage(message, { updatedAt: at });
      return { seq: m.seq, role: m.role, text: m.text, workflowId: null, at: m.createdAt };
    },
  };
}

/** The shop's staff lookup; an id is looked up as the customer's profile. */
async function findCustomers(shop: Shop, query: CustomerQuery): Promise<CustomerSummary[]> {
  if ('id' in query) {
    const profile = await shop.getProfile(query.id.trim().toUpperCase());
    return profile
      ? [
          {
            id: profile.customerId,
            name: profile.name,
            email: profile.email,
            postalCode: profile.defaultAddress.postalCode,
          },
        ]
      : [];
  }
  const matches: CustomerMatch[] = await shop.findCustomers(query);
  return matches.map((m) => ({ id: m.customerId, name: m.name, email: m.email, postalCode: m.postalCode }));
}

/** Conversations by customer, status and date, newest first, read back through the store. */
async function searchConversations(
  db: SqliteDatabase,
  store: Store,
  search: ConversationSearch,
): Promise<ConversationSummary[]> {
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
  const found = await Promise.all(ids.map(({ id }) => store.getConversation(id)));
  return found.flatMap((c) => (c ? [{ ...c }] : []));
}
