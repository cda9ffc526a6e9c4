import { SandboxShop } from '../../src/domains/retail/sandbox/sandbox-shop.js';
import type { OrderRecord } from '../../src/domains/retail/shop.js';
import { systemClock, systemSleep, uuidIds } from '../../src/runtime.js';
import { type SqliteDatabase as Database, openDatabase } from '../../src/store/database.js';
import { TERMINAL_STATUSES, type WorkflowRecord } from '../../src/store/store.js';
import { customerId, orderId } from './crash-plans.js';
import type { CampaignRun } from './crash-run.js';

/** What the database says after a campaign, counted against what the workers promised. */
export interface Audit {
  workflows: number;
  /** Workflows a dead process left mid-way that a later one resumed. */
  recovered: number;
  /** Effects beyond one per order and kind (labels, refunds, emails), and workflows beyond one per order. */
  duplicatedEffects: number;
  /** Acknowledged steps whose committed row is missing or failed. */
  lostSteps: number;
  /** Settled workflows started from a conversation that has no agent message for them. */
  lostReplies: number;
  /** Workflows neither terminal nor waiting (for a person or for the customer). */
  unsettled: number;
  /** Orders whose shop state is not what their workflow's status says, one line each. */
  inconsistent: string[];
}

const SETTLED = [...TERMINAL_STATUSES, 'waiting_for_human', 'awaiting_customer'];

type Row = Record<string, unknown>;

/** Reads the campaign's database (no worker may be running) and counts every broken promise. */
export async function auditCampaign(run: CampaignRun): Promise<Audit> {
  const db = openDatabase(run.db);
  try {
    const workflows = db.prepare('SELECT * FROM workflows').all() as Row[];
    const audit: Audit = {
      workflows: workflows.length,
      recovered: count(
        db,
        `SELECT count(DISTINCT workflow_id) AS n FROM journal WHERE type = 'workflow.recovered'`,
      ),
      duplicatedEffects: 0,
      lostSteps: lostSteps(db, run.acks),
      lostReplies: count(
        db,
        `SELECT count(*) AS n FROM workflows w WHERE w.conversation_id IS NOT NULL
           AND w.status NOT IN ('planned', 'running', 'compensating')
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.workflow_id = w.id AND m.role = 'agent')`,
      ),
      unsettled: workflows.filter((w) => !SETTLED.includes(w.status as string)).length,
      inconsistent: [],
    };
    await auditOrders(db, run.orders, workflows, audit);
    return audit;
  } finally {
    db.close();
  }
}

/** Acknowledged steps whose row is missing or says the step failed. */
function lostSteps(db: Database, acks: Set<string>): number {
  const stepStatus = db.prepare('SELECT status FROM steps WHERE workflow_id = ? AND step_id = ?');
  let lost = 0;
  for (const ack of acks) {
    const [workflowId, stepId] = ack.split(' ');
    const row = stepStatus.get(workflowId, stepId) as { status: string } | undefined;
    if (!row || row.status === 'failed') lost++;
  }
  return lost;
}

/**
 * Checks every order's shop state against its workflow: duplicates and contradictions. The effect
 * of a write that failed for good after its answer was lost counts too: compensation looks it up
 * by its key and undoes it.
 */
async function auditOrders(db: Database, orders: number, workflows: Row[], audit: Audit): Promise<void> {
  const shop = new SandboxShop({ db, clock: systemClock, sleep: systemSleep, ids: uuidIds, seed: false });
  for (let n = 0; n < orders; n++) {
    const own = workflows.filter((w) => w.customer_id === customerId(n));
    const record = await shop.describeOrder(orderId(n));
    if (!record) throw new Error(`order ${orderId(n)} is missing from the sandbox`);
    audit.duplicatedEffects += Math.max(0, own.length - 1);
    for (const list of [record.labels, record.refunds, record.emails])
      audit.duplicatedEffects += Math.max(0, list.length - 1);
    const workflow = own[0] ?? null;
    const problem = mismatch(workflow, record);
    if (problem) audit.inconsistent.push(`${orderId(n)}: ${problem}`);
  }
}

function count(db: Database, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n;
}

/** Why an order's shop state does not follow from its workflow's status, or null when it does. */
function mismatch(row: Row | null, r: OrderRecord): string | null {
  const status = (row?.status as WorkflowRecord['status'] | undefined) ?? 'none';
  const degraded = row?.degraded === 1;
  const activeLabels = r.labels.filter((l) => l.status === 'active').length;
  const liveRefunds = r.refunds.filter((f) => f.status !== 'cancelled').length;
  const returning = r.inventory.filter((i) => i.state === 'returning').length;
  const shape = `labels ${activeLabels}, refunds ${liveRefunds}, emails ${r.emails.length}, returning ${returning}`;
  const want = (ok: boolean) => (ok ? null : `${status}${degraded ? ' (degraded)' : ''} with ${shape}`);
  if (status === 'none' || status === 'compensated' || status === 'rejected')
    return want(activeLabels === 0 && liveRefunds === 0 && returning === 0);
  if (status === 'completed')
    return want(
      activeLabels === 1 &&
        liveRefunds === 1 &&
        returning === r.inventory.length &&
        (degraded ? r.emails.length <= 1 : r.emails.length === 1),
    );
  // Waiting for approval of the refund: label and inventory done, nothing after.
  if (status === 'waiting_for_human')
    return want(liveRefunds === 0 && r.emails.length === 0 && activeLabels <= 1);
  return null;
}
