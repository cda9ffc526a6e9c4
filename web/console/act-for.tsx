import { useRef, useState } from 'preact/hooks';
import { type Answer, AnswerReview } from './answer-review';
import { type Session, staff } from './session';

interface Customer {
  id: string;
  name: string;
  email: string;
  postalCode: string | null;
}

interface Turn {
  reply: string;
  status: string;
  pendingPlan: { plan: { intent: string; steps: { id: string; tool: string; args: unknown }[] } } | null;
  workflow: { id: string; status: string } | null;
  answer: Answer | null;
}

/** One message pasted and what came of it; `sent` once the answer was confirmed or edited. */
interface Exchange {
  text: string;
  turn: Turn;
  sent: 'as is' | 'edited' | null;
}

/**
 * Acting for a customer who wrote by email or phone: find them, paste their message, see what the
 * agent would do (a write waits, stated, for a yes), confirm, and the outcome is theirs.
 */
export function ActFor({ session }: { session: Session }) {
  const [query, setQuery] = useState({ id: '', email: '', name: '', postalCode: '' });
  const [found, setFound] = useState<Customer[] | null>(null);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [conversationId, setConversationId] = useState('');
  const [message, setMessage] = useState('');
  const [turns, setTurns] = useState<Exchange[]>([]);
  const messageField = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const find = async (event: Event) => {
    event.preventDefault();
    setError('');
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v.trim() !== ''));
    try {
      const { customers } = await staff<{ customers: Customer[] }>(session, `/v1/staff/customers?${params}`);
      setFound(customers);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const choose = async (c: Customer) => {
    const started = await staff<{ id: string }>(
      session,
      `/v1/staff/customers/${encodeURIComponent(c.id)}/conversations`,
      {
        method: 'POST',
      },
    );
    setCustomer(c);
    setConversationId(started.id);
    setTurns([]);
  };
  const post = async (text: string) => {
    setBusy(true);
    setError('');
    try {
      const turn = await staff<Turn>(
        session,
        `/v1/staff/conversations/${encodeURIComponent(conversationId)}/messages`,
        {
          method: 'POST',
          body: { text },
        },
      );
      setTurns((all) => [...all, { text, turn, sent: null }]);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const last = turns.at(-1)?.turn;
  // The answer is what reaches the customer; a stated plan waiting for a yes is confirmed above.
  const reviewing = last?.answer && last.status !== 'awaiting_confirmation' && !turns.at(-1)?.sent;
  const sent = (text: string, edited: boolean) => {
    setTurns((all) =>
      all.map((t, i) =>
        i === all.length - 1
          ? { ...t, turn: { ...t.turn, reply: text }, sent: edited ? 'edited' : 'as is' }
          : t,
      ),
    );
    messageField.current?.focus();
  };
  const field = (key: keyof typeof query, label: string) => (
    <div class="field">
      <label for={`find-${key}`}>{label}</label>
      <input
        id={`find-${key}`}
        value={query[key]}
        onInput={(e) => setQuery({ ...query, [key]: e.currentTarget.value })}
      />
    </div>
  );
  return (
    <section aria-labelledby="act-title">
      <h2 id="act-title">Act for a customer</h2>
      <form onSubmit={find} class="grid">
        {field('id', 'Customer id')}
        {field('email', 'Email')}
        {field('name', 'Name')}
        {field('postalCode', 'Postal code')}
        <button type="submit">Find customer</button>
      </form>
      {found && found.length === 0 && <p role="status">No customer matches.</p>}
      {found && found.length > 0 && (
        <ul class="customers">
          {found.map((c) => (
            <li key={c.id}>
              {c.name} · {c.id} · {c.email} · {c.postalCode ?? ''}{' '}
              <button type="button" onClick={() => choose(c)}>
                Act for {c.id}
              </button>
            </li>
          ))}
        </ul>
      )}
      {customer && (
        <div class="acting" aria-live="polite">
          <h3>
            Acting for {customer.name} ({customer.id})
          </h3>
          <ol class="transcript">
            {turns.map(({ text, turn, sent: how }, i) => (
              <li key={i}>
                <p class="msg customer">
                  <strong>customer:</strong> {text}
                </p>
                <p class="msg agent">
                  <strong>agent:</strong> {turn.reply}
                  {how && <span class="muted"> (sent {how})</span>}
                </p>
              </li>
            ))}
          </ol>
          {last?.status === 'awaiting_confirmation' && last.pendingPlan && (
            <div class="preview">
              <h4>What it would do ({last.pendingPlan.plan.intent}), nothing has run yet</h4>
              <ol class="plan">
                {last.pendingPlan.plan.steps.map((s) => (
                  <li key={s.id}>
                    {s.tool} <code>{JSON.stringify(s.args)}</code>
                  </li>
                ))}
              </ol>
              <div class="row">
                <button type="button" disabled={busy} onClick={() => post('yes')}>
                  Confirm
                </button>
                <button type="button" class="secondary" disabled={busy} onClick={() => post('no')}>
                  Cancel
                </button>
              </div>
            </div>
          )}
          {reviewing && last.answer && (
            <AnswerReview
              session={session}
              conversationId={conversationId}
              answer={last.answer}
              onSent={sent}
            />
          )}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const text = message.trim();
              if (!text) return;
              setMessage('');
              void post(text);
            }}
          >
            <label for="act-message">Message</label>
            <textarea
              id="act-message"
              ref={messageField}
              value={message}
              maxLength={4000}
              onInput={(e) => setMessage(e.currentTarget.value)}
            />
            <button type="submit" disabled={busy}>
              Send
            </button>
          </form>
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
