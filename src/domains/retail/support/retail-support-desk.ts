/**
 * `src/domains/retail/support`: the support console's desk over retail (customers, orders, case
 * facts), built by the composition root and handed to the server. It may import the retail pack,
 * the store's ports (`Store`, `ConsoleStore`) and the server's `SupportDesk` port it implements.
 */
import type { CustomerQuery, CustomerSummary, SupportDesk } from '../../../server/support/support-desk.js';
import type { ConsoleStore } from '../../../store/console-store.js';
import type { Store } from '../../../store/store.js';
import type { CustomerMatch } from '../customers.js';
import type { Shop } from '../shop.js';
import { retailCaseFacts } from './retail-case-facts.js';

/**
 * The console's support desk over retail: customers are found through the shop's own staff lookup
 * (`Shop.findCustomers`, by email or by name and postal code; by id through `Shop.getProfile`),
 * orders through `Shop.describeOrder`, conversations through keel's store, and the audit trail,
 * takeovers, search and reply edits through the console's store (SQLite or PostgreSQL alike).
 */
export function retailSupportDesk(parts: { store: Store; shop: Shop; console: ConsoleStore }): SupportDesk {
  const { store, shop, console: staff } = parts;
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
    async searchConversations(search) {
      const ids = await staff.searchConversations(search);
      const found = await Promise.all(ids.map((id) => store.getConversation(id)));
      return found.flatMap((c) => (c ? [{ ...c }] : []));
    },
    async searchWorkflows(search) {
      const found = await Promise.all(
        (await staff.searchWorkflows(search)).map((id) => store.getWorkflow(id)),
      );
      return found.flatMap((w) => (w ? [w] : []));
    },
    reviseReply: (revision) => staff.reviseReply(revision),
    caseFacts: retailCaseFacts,
    audit: (entry) => staff.audit(entry),
    auditTrail: (filter) => staff.auditTrail(filter),
    heldBy: (id) => staff.heldBy(id),
    takeOver: (id, by, at) => staff.takeOver(id, by, at),
    handBack: (id) => staff.handBack(id),
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
