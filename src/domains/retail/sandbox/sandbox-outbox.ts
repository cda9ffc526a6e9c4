import { PermanentToolError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { Email } from '../shop.js';
import { type Row, toEmail } from './sandbox-rows.js';

export function customerEmail(db: SqliteDatabase, customerId: string): string | null {
  return (
    (db.prepare('SELECT email FROM shop_customers WHERE id = ?').pluck().get(customerId) as string) ?? null
  );
}

/** Queues an email to the customer's address on file; nothing is actually sent from the sandbox. */
export function queueEmail(
  db: SqliteDatabase,
  req: {
    emailId: string;
    customerId: string;
    orderId: string | null;
    template: string;
    subject: string;
    body: string;
    at: string;
    key: string;
  },
): Email {
  const to = customerEmail(db, req.customerId);
  if (!to) {
    throw new PermanentToolError(`Customer ${req.customerId} has no email address on file`, {
      details: { customerId: req.customerId },
    });
  }
  db.prepare(`INSERT INTO shop_emails VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`).run(
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
  return toEmail(db.prepare('SELECT * FROM shop_emails WHERE id = ?').get(req.emailId) as Row);
}

/** Emails about an order, oldest first. */
export function emailsOf(db: SqliteDatabase, orderId: string): Email[] {
  return (
    db.prepare('SELECT * FROM shop_emails WHERE order_id = ? ORDER BY rowid').all(orderId) as Row[]
  ).map(toEmail);
}
