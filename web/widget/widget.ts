import './widget.css';
import { callApi } from '../shared/api';
import { followEvents, StreamRefused } from '../shared/events';
import { el } from './dom';

/** How a shop mounts the widget. */
export interface WidgetOptions {
  /** keel's origin, e.g. https://support.shop.example (default: where widget.js came from). */
  api?: string;
  /** A customer token, or a function that fetches one from the shop's own backend. */
  token?: string | (() => Promise<string>);
  /** A URL on the shop's backend that answers `{"token": "..."}` (POST, with the shop's cookies). */
  tokenUrl?: string;
  /** Where to put the widget (an element or a selector); default: a new element at the end of body. */
  target?: string | HTMLElement;
}

interface Message {
  seq: number;
  role: string;
  text: string;
}

const STEP_WORDS: Record<string, string> = {
  'step.started': 'working on',
  'step.completed': 'done:',
  'step.attempt_failed': 'retrying',
  'step.retry_scheduled': 'retrying',
  'step.failed': 'could not finish',
  'escalation.opened': 'waiting for a person',
};

const script = document.currentScript as HTMLScriptElement | null;

/** Mounts the chat widget; returns a function that removes it. */
export function mount(options: WidgetOptions = {}): () => void {
  const api = (options.api ?? originOf(script?.src)).replace(/\/$/, '');
  const host = resolveTarget(options.target);
  addStylesheet(originOf(script?.src));
  const controller = new AbortController();
  const ui = render(host);
  let token = '';
  let conversationId = '';
  const seen = new Set<number>();
  const storageKey = `keel.conversation:${api}`;

  const show = (message: Message) => {
    if (seen.has(message.seq)) return;
    seen.add(message.seq);
    const who = message.role === 'customer' ? 'You' : message.role === 'staff' ? 'Support' : 'Assistant';
    ui.log.append(
      el('li', { class: `keel-msg keel-${message.role}` }, el('strong', {}, `${who}: `), message.text),
    );
    ui.log.scrollTop = ui.log.scrollHeight;
  };
  const setStatus = (status: string) => {
    ui.confirm.hidden = status !== 'awaiting_confirmation';
    if (status !== 'waiting_for_human') ui.progress.textContent = '';
    else ui.progress.textContent = 'A person is reviewing this. You can leave; the answer will appear here.';
  };
  const send = async (text: string) => {
    ui.input.disabled = true;
    ui.send.disabled = true;
    ui.progress.textContent = 'Thinking…';
    try {
      const answer = await callApi<{ status: string }>(
        api,
        token,
        `/v1/conversations/${conversationId}/messages`,
        {
          method: 'POST',
          body: { text },
        },
      );
      setStatus(answer.status);
    } catch (error) {
      ui.progress.textContent = `Sorry, that did not go through: ${(error as Error).message}`;
    } finally {
      ui.input.disabled = false;
      ui.send.disabled = false;
      ui.input.focus();
    }
  };
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = ui.input.value.trim();
    if (!text || !conversationId) return;
    ui.input.value = '';
    void send(text);
  });
  // The yes the button sends is the plain "yes" a customer could type: the same consent path.
  ui.yes.addEventListener('click', () => {
    ui.confirm.hidden = true;
    void send('yes');
  });
  ui.no.addEventListener('click', () => {
    ui.confirm.hidden = true;
    void send('no');
  });

  const start = async () => {
    token = await tokenFrom(options);
    conversationId = await resumeOrStart(api, token, storageKey);
    ui.form.dataset.conversation = conversationId;
    ui.input.disabled = false;
    ui.send.disabled = false;
    await followEvents({
      url: `${api}/v1/conversations/${conversationId}/events`,
      headers: () => ({ authorization: `Bearer ${token}` }),
      signal: controller.signal,
      onState: (state) => ui.root.setAttribute('data-stream', state),
      onEvent: ({ event, data }) => {
        if (event === 'message') show(data as Message);
        else if (event === 'status') setStatus((data as { status: string }).status);
        else if (event === 'progress') {
          const p = data as { type: string; stepId: string | null };
          const words = STEP_WORDS[p.type];
          if (words) ui.progress.textContent = `${words} ${p.stepId ?? ''}`.trim();
        }
      },
    });
  };
  start().catch((error: unknown) => {
    if (error instanceof StreamRefused) localStorage.removeItem(storageKey);
    if (!controller.signal.aborted)
      ui.progress.textContent = `The chat is unavailable: ${(error as Error).message}`;
  });
  return () => {
    controller.abort();
    ui.root.remove();
  };
}

async function resumeOrStart(api: string, token: string, key: string): Promise<string> {
  const stored = localStorage.getItem(key);
  if (stored) {
    try {
      await callApi(api, token, `/v1/conversations/${encodeURIComponent(stored)}`);
      return stored;
    } catch {
      // Someone else's or a deleted conversation: start a new one.
    }
  }
  const { id } = await callApi<{ id: string }>(api, token, '/v1/conversations', { method: 'POST' });
  localStorage.setItem(key, id);
  return id;
}

async function tokenFrom(options: WidgetOptions): Promise<string> {
  if (typeof options.token === 'string') return options.token;
  if (typeof options.token === 'function') return options.token();
  if (!options.tokenUrl) throw new Error('the widget needs a token or a tokenUrl');
  const response = await fetch(options.tokenUrl, { method: 'POST', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`no customer token (${response.status})`);
  return ((await response.json()) as { token: string }).token;
}

/** The widget's stylesheet, from where widget.js came (a file, so a strict host CSP can allow it). */
function addStylesheet(origin: string): void {
  const href = `${origin}/widget.css`;
  if (document.querySelector(`link[data-keel-widget]`)) return;
  document.head.append(el('link', { rel: 'stylesheet', href, 'data-keel-widget': '' }));
}

function originOf(src: string | undefined): string {
  return src ? new URL(src).origin : location.origin;
}

function resolveTarget(target: WidgetOptions['target']): HTMLElement {
  if (target instanceof HTMLElement) return target;
  const found = target ? document.querySelector<HTMLElement>(target) : null;
  if (found) return found;
  const node = el('div');
  document.body.append(node);
  return node;
}

function render(host: HTMLElement) {
  const log = el('ol', {
    class: 'keel-log',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': 'Conversation',
  });
  const progress = el('p', { class: 'keel-progress', role: 'status' });
  const yes = el('button', { type: 'button', class: 'keel-yes' }, 'Yes, go ahead');
  const no = el('button', { type: 'button', class: 'keel-no' }, 'No');
  const confirm = el(
    'div',
    { class: 'keel-confirm', role: 'group', 'aria-label': 'Confirm the action' },
    yes,
    no,
  );
  confirm.hidden = true;
  const input = el('input', { id: 'keel-message', name: 'message', autocomplete: 'off', maxlength: '4000' });
  const send = el('button', { type: 'submit' }, 'Send');
  input.disabled = true;
  send.disabled = true;
  const form = el(
    'form',
    { class: 'keel-form' },
    el('label', { for: 'keel-message' }, 'Message'),
    input,
    send,
  );
  const root = el(
    'section',
    { class: 'keel-widget', 'aria-label': 'Customer support chat' },
    el('h2', {}, 'Support'),
    log,
    progress,
    confirm,
    form,
  );
  host.append(root);
  return { root, log, progress, confirm, yes, no, input, send, form };
}

// Added with data attributes, the widget mounts itself: no inline script needed on the host page.
if (script?.dataset.keelTokenUrl || script?.dataset.keelApi !== undefined) {
  const data = script.dataset;
  const auto = () =>
    mount({
      ...(data.keelApi ? { api: data.keelApi } : {}),
      ...(data.keelTokenUrl ? { tokenUrl: data.keelTokenUrl } : {}),
      ...(data.keelTarget ? { target: data.keelTarget } : {}),
    });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', auto, { once: true });
  else auto();
}
