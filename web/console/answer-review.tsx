import { useEffect, useRef, useState } from 'preact/hooks';
import { type Session, staff } from './session';

/** The agent's answer to the message a staff member pasted, as the API returns it. */
export interface Answer {
  seq: number;
  text: string;
}

/**
 * "Confirm or edit the answer": the agent's answer in an editable field, sent as it is or as
 * edited. An edit replaces what the customer's conversation shows (keel keeps the agent's text in
 * the audit trail); a reply that asks for card data or credentials is refused with the reason,
 * and focus returns to the field so it can be fixed at once.
 */
export function AnswerReview(props: {
  session: Session;
  conversationId: string;
  answer: Answer;
  onSent: (text: string, edited: boolean) => void;
}) {
  const { session, conversationId, answer, onSent } = props;
  const [text, setText] = useState(answer.text);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setText(answer.text), [answer.seq, answer.text]);
  const edited = text.trim() !== answer.text.trim();

  const send = async (body: string) => {
    setBusy(true);
    setError('');
    try {
      const path = `/v1/staff/conversations/${encodeURIComponent(conversationId)}/replies/${answer.seq}/send`;
      const sent = await staff<{ edited: boolean; message: Answer }>(session, path, {
        method: 'POST',
        body: { text: body },
      });
      onSent(sent.message.text, sent.edited);
    } catch (e) {
      setError((e as Error).message);
      field.current?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="review"
      aria-labelledby="review-title"
      onSubmit={(e) => {
        e.preventDefault();
        void send(text);
      }}
    >
      <h4 id="review-title">Confirm or edit the answer before the customer relies on it</h4>
      <label for="answer-text">Answer to the customer</label>
      <textarea
        id="answer-text"
        ref={field}
        value={text}
        maxLength={4000}
        aria-invalid={error ? 'true' : 'false'}
        aria-describedby={error ? 'answer-error' : undefined}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <div class="row">
        <button type="button" disabled={busy} onClick={() => send(answer.text)}>
          Confirm answer
        </button>
        <button type="submit" class="secondary" disabled={busy || !edited || !text.trim()}>
          Send edited answer
        </button>
      </div>
      {error && (
        <p id="answer-error" role="alert" class="error">
          {error}
        </p>
      )}
    </form>
  );
}
