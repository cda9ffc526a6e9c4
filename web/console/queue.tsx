import { useEffect, useState } from 'preact/hooks';
import { money } from '../shared/api';
import { followEvents } from '../shared/events';
import type { Session } from './session';

export interface QueueItem {
  id: string;
  workflowId: string;
  conversationId: string | null;
  customerId: string | null;
  reasonKind: string;
  reason: string;
  orderId: string | null;
  amount: { cents: number; currency: string } | null;
  createdAt: string;
}

/** The open escalations, live from the staff stream (no reload, no polling from here). */
export function Queue({
  session,
  onOpen,
}: {
  session: Session;
  onOpen: (open: { conversationId: string; escalationId: string }) => void;
}) {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [skew, setSkew] = useState(0);
  const [state, setState] = useState('connecting');
  const [, tick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    followEvents({
      url: '/v1/staff/escalations/stream',
      headers: () => ({ authorization: `Bearer ${session.token}` }),
      signal: controller.signal,
      onState: setState,
      onEvent: ({ event, data }) => {
        if (event !== 'queue') return;
        const queue = data as { now: string; escalations: QueueItem[] };
        setSkew(Date.now() - Date.parse(queue.now));
        setItems(queue.escalations);
      },
    }).catch((error: unknown) => {
      if (!controller.signal.aborted) setState(`refused: ${(error as Error).message}`);
    });
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [session.token]);
  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">Open escalations</h2>
      <p class="muted" role="status">
        {items.length} open · {state}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Reason</th>
            <th scope="col">Customer</th>
            <th scope="col">Order</th>
            <th scope="col">Amount</th>
            <th scope="col">Age</th>
            <th scope="col">
              <span class="sr-only">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-escalation={item.id}>
              <td title={item.reason}>{item.reasonKind}</td>
              <td>{item.customerId ?? '—'}</td>
              <td>{item.orderId ?? '—'}</td>
              <td>{money(item.amount)}</td>
              <td>{age(Date.now() - skew - Date.parse(item.createdAt))}</td>
              <td>
                {item.conversationId && (
                  <button
                    type="button"
                    onClick={() =>
                      item.conversationId &&
                      onOpen({ conversationId: item.conversationId, escalationId: item.id })
                    }
                  >
                    Open {item.orderId ?? item.id}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function age(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`;
}
