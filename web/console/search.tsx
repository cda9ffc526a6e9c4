import { useState } from 'preact/hooks';
import { type Session, staff } from './session';

interface Results {
  workflows: {
    id: string;
    customerId: string;
    conversationId: string | null;
    intent: string;
    status: string;
    orderId: string | null;
    updatedAt: string;
  }[];
  conversations: { id: string; customerId: string; status: string; updatedAt: string }[];
}

/** Workflows and conversations by customer, order, status and date. */
export function Search({ session, onOpen }: { session: Session; onOpen: (conversationId: string) => void }) {
  const [query, setQuery] = useState({ customer: '', order: '', status: '', from: '', to: '' });
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState('');
  const run = async (event: Event) => {
    event.preventDefault();
    setError('');
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v.trim() !== ''));
    try {
      setResults(await staff<Results>(session, `/v1/staff/search?${params}`));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const update = (key: keyof typeof query, value: string) => setQuery({ ...query, [key]: value });
  const field = (key: keyof typeof query, label: string, type: 'text' | 'date' = 'text') => (
    <div class="field">
      <label for={`search-${key}`}>{label}</label>
      {type === 'date' ? (
        <input
          id={`search-${key}`}
          type="date"
          value={query[key]}
          onInput={(e) => update(key, e.currentTarget.value)}
        />
      ) : (
        <input id={`search-${key}`} value={query[key]} onInput={(e) => update(key, e.currentTarget.value)} />
      )}
    </div>
  );
  return (
    <section aria-labelledby="search-title">
      <h2 id="search-title">Search</h2>
      <form onSubmit={run} class="grid">
        {field('customer', 'Customer id')}
        {field('order', 'Order')}
        {field('status', 'Status')}
        {field('from', 'From', 'date')}
        {field('to', 'To', 'date')}
        <button type="submit">Search</button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {results && (
        <>
          <h3>Workflows ({results.workflows.length})</h3>
          <ul>
            {results.workflows.map((w) => (
              <li key={w.id}>
                {w.id} · {w.customerId} · {w.intent} · {w.orderId ?? '—'} · {w.status} ·{' '}
                {w.updatedAt.slice(0, 16)}{' '}
                {w.conversationId && (
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => w.conversationId && onOpen(w.conversationId)}
                  >
                    Open
                  </button>
                )}
              </li>
            ))}
          </ul>
          <h3>Conversations ({results.conversations.length})</h3>
          <ul>
            {results.conversations.map((c) => (
              <li key={c.id} data-conversation={c.id}>
                {c.id} · {c.customerId} · {c.status} · {c.updatedAt.slice(0, 16)}{' '}
                <button type="button" class="secondary" onClick={() => onOpen(c.id)}>
                  Open
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
