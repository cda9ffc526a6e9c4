import './console.css';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { ActFor } from './act-for';
import { ConversationView } from './conversation';
import { Login } from './login';
import { Queue } from './queue';
import { Search } from './search';
import { type Session, signOut, storedSession } from './session';

type Tab = 'queue' | 'act' | 'search';

function App() {
  const [session, setSession] = useState<Session | null>(storedSession());
  const [tab, setTab] = useState<Tab>('queue');
  const [open, setOpen] = useState<{ conversationId: string; escalationId?: string } | null>(null);
  if (!session) return <Login onSignedIn={setSession} />;
  const tabs: [Tab, string][] = [
    ['queue', 'Escalations'],
    ['act', 'Act for a customer'],
    ['search', 'Search'],
  ];
  return (
    <div class="layout">
      <header>
        <h1>keel support</h1>
        <nav aria-label="Sections">
          {tabs.map(([id, label]) => (
            <button type="button" aria-current={tab === id ? 'page' : undefined} onClick={() => setTab(id)}>
              {label}
            </button>
          ))}
        </nav>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            signOut();
            setSession(null);
          }}
        >
          Sign out
        </button>
      </header>
      <main>
        <div class="pane">
          {tab === 'queue' && <Queue session={session} onOpen={setOpen} />}
          {tab === 'act' && <ActFor session={session} />}
          {tab === 'search' && (
            <Search session={session} onOpen={(conversationId) => setOpen({ conversationId })} />
          )}
        </div>
        {open && (
          <ConversationView
            key={`${open.conversationId}:${open.escalationId ?? ''}`}
            session={session}
            conversationId={open.conversationId}
            {...(open.escalationId ? { escalationId: open.escalationId } : {})}
          />
        )}
      </main>
    </div>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
