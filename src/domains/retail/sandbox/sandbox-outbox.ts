import { PermanentToolError } from '../../../errors.js';
import type { Email } from '../shop.js';
import { toEmail } from './sandbox-rows.js';
import { all, one, type Sql } from './shop-sql.js';

export function* customerEmail(customerId: string): Sql<string | null> {
  return ((yield* one('SELECT email FROM shop_customers WHERE id = ?', customerId))?.email as string) ?? null;
}

/** Queues an email to the customer's address on file; nothing is actually sent from the sandbox. */
export function* queueEmail(req: {
  emailId: string;
  customerId: string;
  orderId: string | null;
  template: string;
  subject: string;
  body: string;
  at: string;
  key: string;
}): Sql<Email> {
  const to = yield* customerEmail(req.customerId);
  if (!to) {
    throw new PermanentToolError(`Customer ${req.customerId} has no email address on file`, {
      details: { customerId: req.customerId },
    });
  }
  const row = yield* one(
    `INSERT INTO shop_emails (id, customer_id, order_id, to_address, template, subject, body, status,
       created_at, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING *`,
    req.emailId,
    req.customerId,
    req.orderId,
    to,
    req.template,
    req.subject,
    req.body,
    req.at,
    req.key,
  );
  return toEmail(row ?? {});
}

/** Emails about an order, oldest first. */
export function* emailsOf(orderId: string): Sql<Email[]> {
  return (yield* all('SELECT * FROM shop_emails WHERE order_id = ? ORDER BY rowid', orderId)).map(toEmail);
}
