import type { WorkflowResult } from '../agent/executor.js';
import { clipUtf16 } from '../code-points.js';
import { formatMoney } from '../domains/retail/money.js';
import type { OrderRecord } from '../domains/retail/shop.js';
import type {
  EscalationRecord,
  JournalEvent,
  NewEvent,
  WorkflowRecord,
  WorkflowStatus,
} from '../store/store.js';
import { EXIT } from './io.js';
import { oneLine } from './terminal-text.js';

/** The exit code a workflow's status means to a script. */
export function exitCodeFor(status: WorkflowStatus): number {
  // A question back to the customer is a finished turn, not a failure.
  if (status === 'completed' || status === 'awaiting_customer') return EXIT.completed;
  if (status === 'waiting_for_human') return EXIT.waiting;
  return EXIT.failed;
}

/** One line of live progress per journal event worth showing; null for the rest. */
export function progressLine(event: NewEvent): string | null {
  const data = event.data ?? {};
  const step = `${event.stepId ?? ''}`.padEnd(12);
  switch (event.type) {
    case 'step.started':
      return data.attempt === 1 ? `  … ${step} ${data.tool}` : null;
    case 'step.completed':
      return `  ✓ ${step} ${data.tool}${Number(data.attempts) > 1 ? ` (after ${data.attempts} attempts)` : ''}`;
    case 'step.attempt_failed':
    case 'compensation.attempt_failed':
      return `  ! ${step} ${data.tool} attempt ${data.attempt} failed: ${data.message}`;
    case 'step.retry_scheduled':
    case 'compensation.retry_scheduled':
      return `  ↻ ${step} ${data.tool} attempt ${data.attempt} in ${data.delayMs} ms`;
    case 'step.degraded':
      return `  ~ ${step} ${data.tool} failed, not critical; going on (${data.message})`;
    case 'step.failed':
      return `  ✗ ${step} ${data.tool} failed: ${data.message}`;
    case 'compensation.completed':
      return `  ⟲ ${step} undone by ${data.tool}`;
    case 'compensation.failed':
      return `  ✗ ${step} could not be undone by ${data.tool}: ${data.message}`;
    case 'escalation.opened':
      return `  ⏸ waiting for a human (${data.reasonKind ?? data.kind}): ${data.reason}`;
    default:
      return null;
  }
}

/** A listener that prints live progress lines to a stream (exec, run, chat). */
export function progressPrinter(stream: { write(text: string): unknown }): (event: NewEvent) => void {
  return (event) => {
    const line = progressLine(event);
    if (line) stream.write(`${oneLine(line)}\n`);
  };
}

/** The outcome of a run, with the facts a support agent needs, taken from tool results. */
export function describeResult(result: WorkflowResult): string[] {
  const { workflow, context, escalation } = result;
  const lines = [
    `${workflow.status}${workflow.degraded ? ' (degraded)' : ''} · workflow ${workflow.id} · ${workflow.intent}`,
  ];
  lines.push(...facts(context));
  if (escalation)
    lines.push(
      `escalation ${escalation.id} (${escalation.kind}, ${escalation.reasonKind}): ${escalation.reason}`,
    );
  if (workflow.outcome && workflow.status !== 'completed') {
    lines.push(
      `${workflow.outcome.reason === 'rejected' ? 'rejected' : 'failed'} at ${workflow.outcome.stepId ?? '-'}: ${workflow.outcome.message}`,
    );
  }
  const degraded = result.steps.filter((s) => s.status === 'degraded');
  for (const step of degraded) lines.push(`not done: ${step.tool} (${step.error?.message ?? 'failed'})`);
  return lines.map(oneLine);
}

function facts(context: Record<string, unknown>): string[] {
  const c = context as Record<string, Record<string, unknown> | null | undefined>;
  const lines: string[] = [];
  if (c.label)
    lines.push(`label ${c.label.labelId} · ${c.label.carrier} ${c.label.trackingNumber} · ${c.label.url}`);
  if (c.refund)
    lines.push(
      `refund ${c.refund.refundId} · ${formatMoney(Number(c.refund.amountCents), String(c.refund.currency))} · expected by ${String(c.refund.expectedBy).slice(0, 10)}`,
    );
  if (c.email) lines.push(`email ${c.email.emailId} to ${c.email.to} · ${c.email.subject}`);
  if (c.cancellation) lines.push(`order ${c.cancellation.orderId} cancelled`);
  if (c.shipment)
    lines.push(
      `shipment ${c.shipment.carrier} ${c.shipment.trackingNumber} · ${c.shipment.status}${c.shipment.estimatedDelivery ? ` · expected ${String(c.shipment.estimatedDelivery).slice(0, 10)}` : ''}`,
    );
  if (c.addressChange) lines.push(`shipping address changed for ${c.addressChange.orderId}`);
  return lines;
}

export function workflowRow(w: WorkflowRecord): string {
  return oneLine(
    [w.id.padEnd(26), w.status.padEnd(18), w.intent.padEnd(16), w.customerId.padEnd(8), w.updatedAt].join(
      ' ',
    ),
  );
}

export function escalationRow(e: EscalationRecord): string {
  return oneLine(
    [
      e.id.padEnd(26),
      e.status.padEnd(9),
      e.kind.padEnd(14),
      e.reasonKind.padEnd(20),
      e.workflowId.padEnd(26),
      e.reason,
    ].join(' '),
  );
}

export function timelineRow(e: JournalEvent): string {
  const detail = e.data ? JSON.stringify(e.data) : '';
  return `${e.at}  ${e.type.padEnd(26)} ${(e.stepId ?? '').padEnd(12)} ${detail.length > 140 ? `${clipUtf16(detail, 137)}...` : detail}`;
}

export function describeOrder(record: OrderRecord): string[] {
  const { order } = record;
  const money = (cents: number) => formatMoney(cents, order.currency);
  const lines = [
    `${order.id} · ${order.customerId} · ${order.status} · ${money(order.totalCents)}`,
    `placed ${order.placedAt}${order.shippedAt ? ` · shipped ${order.shippedAt}` : ''}${order.deliveredAt ? ` · delivered ${order.deliveredAt}` : ''}`,
    `ship to ${order.shippingAddress.name}, ${order.shippingAddress.line1}, ${order.shippingAddress.city} ${order.shippingAddress.postalCode} ${order.shippingAddress.country}`,
    'items:',
    ...order.items.map(
      (i) =>
        `  ${i.sku} ${i.name} ×${i.quantity} ${money(i.unitPriceCents)}${i.finalSale ? ' (final sale)' : ''} · ${record.inventory.find((v) => v.sku === i.sku)?.state ?? '-'}`,
    ),
    `labels (${record.labels.length}):`,
    ...record.labels.map((l) => `  ${l.labelId} ${l.status} ${l.carrier} ${l.trackingNumber}`),
    `refunds (${record.refunds.length}):`,
    ...record.refunds.map(
      (r) => `  ${r.refundId} ${r.status} ${money(r.amountCents)} expected by ${r.expectedBy.slice(0, 10)}`,
    ),
    `emails (${record.emails.length}):`,
    ...record.emails.map((e) => `  ${e.emailId} ${e.status} ${e.template} → ${e.to}`),
  ];
  // Exchanges name the label the old item goes back with and the parcel the new one goes out in.
  if (record.exchanges && record.exchanges.length > 0) {
    lines.push(
      `exchanges (${record.exchanges.length}):`,
      ...record.exchanges.map(
        (x) =>
          `  ${x.exchangeId} ${x.status} ${x.sku} ${x.name} → ${x.newSku} ${x.newName} · label ${x.label.labelId} ${x.label.status} ${x.label.trackingNumber} · ships ${x.shipment.carrier} ${x.shipment.trackingNumber}${x.differenceCents !== 0 ? ` · difference ${money(x.differenceCents)}` : ''}`,
      ),
    );
  }
  return lines;
}
