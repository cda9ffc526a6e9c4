import { useEffect, useRef, useState } from 'preact/hooks';
import { money } from '../shared/api';
import { followEvents } from '../shared/events';
import { type Session, staff } from './session';

interface Workflow {
  id: string;
  status: string;
  intent: string;
  orderId: string | null;
  amount: { cents: number; currency: string } | null;
  steps: { id: string; tool: string; status: string; attempts: number }[];
  plan: { steps?: { id: string; tool: string }[] } | null;
  escalation: { id: string; reasonKind: string; reason: string } | null;
  timeline: { at: string; type: string; stepId: string | null; data: Record<string, unknown> | null }[];
}

interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown> | null;
}

interface Conversation {
  id: string;
  customerId: string;
  status: string;
  heldBy: { by: string; since: string } | null;
  audit: AuditEntry[];
  messages: { seq: number; role: string; text: string; at: string }[];
  workflows: Workflow[];
}

/** A conversation as staff see it: transcript, plans and step states, journal, the shop's order. */
export function ConversationView({
  session,
  conversationId,
  escalationId,
}: {
  session: Session;
  conversationId: string;
  escalationId?: string;
}) {
  const [data, setData] = useState<Conversation | null>(null);
  const [error, setError] = useState('');
  const load = () =>
    staff<Conversation>(session, `/v1/staff/conversations/${encodeURIComponent(conversationId)}`).then(
      setData,
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    void load();
    // New messages and status changes arrive on the conversation's stream; the view reloads.
    const controller = new AbortController();
    let pending = false;
    followEvents({
      url: `/v1/conversations/${encodeURIComponent(conversationId)}/events`,
      headers: () => ({ authorization: `Bearer ${session.token}` }),
      signal: controller.signal,
      onEvent: ({ event }) => {
        if (event === 'progress' || pending) return;
        pending = true;
        setTimeout(() => {
          pending = false;
          void load();
        }, 200);
      },
    }).catch(() => {});
    return () => controller.abort();
  }, [conversationId]);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p role="status">Loading…</p>;
  return (
    <section class="conversation" aria-labelledby="conv-title">
      <h2 id="conv-title" tabIndex={-1}>
        Conversation {data.id} · {data.customerId} · {data.status}
      </h2>
      <h3>Transcript</h3>
      <ol class="transcript">
        {data.messages.map((m) => (
          <li key={m.seq} class={`msg ${m.role}`}>
            <strong>{m.role}:</strong> {m.text}
          </li>
        ))}
      </ol>
      <Takeover session={session} conversation={data} onChange={load} />
      {data.workflows.map((w) => (
        <WorkflowPanel
          key={w.id}
          session={session}
          workflow={w}
          escalationId={escalationId}
          onDecided={load}
        />
      ))}
      <h3>Audit trail</h3>
      <ol class="timeline audit">
        {data.audit.length === 0 && <li>Nothing done by staff yet.</li>}
        {data.audit.map((a, i) => (
          <li key={i}>
            <time dateTime={a.at}>{a.at.slice(0, 19).replace('T', ' ')}</time> {a.actor} · {a.action}
            {typeof a.detail?.note === 'string' && a.detail.note ? ` — note: ${a.detail.note}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

function WorkflowPanel({
  session,
  workflow,
  escalationId,
  onDecided,
}: {
  session: Session;
  workflow: Workflow;
  escalationId: string | undefined;
  onDecided: () => void;
}) {
  const [order, setOrder] = useState<unknown>(null);
  useEffect(() => {
    if (workflow.orderId)
      staff(session, `/v1/staff/orders/${encodeURIComponent(workflow.orderId)}`).then(setOrder, () =>
        setOrder(null),
      );
  }, [workflow.orderId, workflow.status]);
  const done = new Map(workflow.steps.map((s) => [s.id, s]));
  const escalation = workflow.escalation;
  return (
    <article class="workflow" aria-label={`Workflow ${workflow.id}`}>
      <h3>
        Workflow {workflow.id}: {workflow.intent} · {workflow.status} · {workflow.orderId ?? ''} ·{' '}
        {money(workflow.amount)}
      </h3>
      <h4>Plan</h4>
      <ol class="plan">
        {(workflow.plan?.steps ?? []).map((s) => (
          <li key={s.id}>
            {s.tool} — <span class="state">{done.get(s.id)?.status ?? 'pending'}</span>
            {(done.get(s.id)?.attempts ?? 0) > 1 ? ` (${done.get(s.id)?.attempts} attempts)` : ''}
          </li>
        ))}
      </ol>
      {escalation && workflow.status === 'waiting_for_human' && (
        <Decision
          session={session}
          escalation={escalation}
          autofocus={escalation.id === escalationId}
          onDecided={onDecided}
        />
      )}
      <h4>Journal</h4>
      <ol class="timeline">
        {workflow.timeline.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{e.at.slice(11, 19)}</time> {e.type}
            {e.stepId ? ` · ${e.stepId}` : ''}
            {describe(e.data)}
          </li>
        ))}
      </ol>
      {order !== null && (
        <details>
          <summary>The shop's view of {workflow.orderId}</summary>
          <pre>{JSON.stringify(order, null, 2)}</pre>
        </details>
      )}
    </article>
  );
}

function describe(data: Record<string, unknown> | null): string {
  if (!data) return '';
  const parts: string[] = [];
  if (typeof data.attempt === 'number') parts.push(`attempt ${data.attempt}`);
  if (typeof data.delayMs === 'number') parts.push(`retry in ${data.delayMs} ms`);
  if (typeof data.decidedBy === 'string') parts.push(`by ${data.decidedBy}`);
  if (typeof data.note === 'string' && data.note) parts.push(`note: ${data.note}`);
  if (typeof data.message === 'string') parts.push(data.message);
  const error = data.error as { message?: string } | undefined;
  if (error?.message) parts.push(error.message);
  if (typeof data.reason === 'string') parts.push(data.reason);
  return parts.length ? ` — ${parts.join('; ')}` : '';
}

function Decision({
  session,
  escalation,
  autofocus,
  onDecided,
}: {
  session: Session;
  escalation: { id: string; reasonKind: string; reason: string };
  autofocus: boolean;
  onDecided: () => void;
}) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState('');
  const noteField = useRef<HTMLTextAreaElement>(null);
  // Opened from the queue, focus goes where the decision is written (keyboard users land there).
  useEffect(() => {
    if (autofocus) noteField.current?.focus();
  }, [autofocus]);
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    try {
      await staff(session, `/v1/escalations/${encodeURIComponent(escalation.id)}/decision`, {
        method: 'POST',
        body: { decision, note: note || null },
      });
      setResult(decision === 'approve' ? 'Approved.' : 'Rejected.');
      onDecided();
    } catch (e) {
      setResult((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset class="decision">
      <legend>
        Escalation {escalation.id} ({escalation.reasonKind}): {escalation.reason}
      </legend>
      <label for={`note-${escalation.id}`}>Note</label>
      <textarea
        id={`note-${escalation.id}`}
        value={note}
        maxLength={2000}
        ref={noteField}
        onInput={(e) => setNote(e.currentTarget.value)}
      />
      <div class="row">
        <button type="button" disabled={busy} onClick={() => decide('approve')}>
          Approve
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => decide('reject')}>
          Reject
        </button>
      </div>
      <p role="status">{result}</p>
    </fieldset>
  );
}

function Takeover({
  session,
  conversation,
  onChange,
}: {
  session: Session;
  conversation: Conversation;
  onChange: () => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const path = `/v1/staff/conversations/${encodeURIComponent(conversation.id)}`;
  const act = async (suffix: string, body?: unknown) => {
    setError('');
    try {
      await staff(session, `${path}/${suffix}`, { method: 'POST', ...(body ? { body } : {}) });
      onChange();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  };
  const held = conversation.heldBy;
  return (
    <div class="takeover">
      {held ? (
        <>
          <p role="status">
            Taken over by {held.by}: the agent is silent until handed back.{' '}
            <button type="button" class="secondary" onClick={() => act('handback')}>
              Hand back to the agent
            </button>
          </p>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              if (text.trim() && (await act('reply', { text: text.trim() }))) setText('');
            }}
          >
            <label for={`reply-${conversation.id}`}>Message to the customer</label>
            <textarea
              id={`reply-${conversation.id}`}
              value={text}
              maxLength={4000}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            <button type="submit">Send to the customer</button>
          </form>
        </>
      ) : (
        <button type="button" class="secondary" onClick={() => act('takeover')}>
          Take over the conversation
        </button>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </div>
  );
}
