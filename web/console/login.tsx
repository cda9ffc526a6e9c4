import { useState } from 'preact/hooks';
import { type Session, signIn } from './session';

export function Login({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      onSignedIn(await signIn(token.trim()));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <main class="login">
      <h1>keel support console</h1>
      <form onSubmit={submit}>
        <label for="staff-token">Staff token</label>
        <input
          id="staff-token"
          type="password"
          autocomplete="current-password"
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
          required
        />
        <button type="submit">Sign in</button>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
