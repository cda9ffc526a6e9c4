import { callApi } from '../shared/api';

/** The signed-in staff member's token, kept in session storage (never in a URL). */
export interface Session {
  token: string;
}

const KEY = 'keel.staffToken';

export function storedSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  return token ? { token } : null;
}

/** Checks the token against a staff endpoint before keeping it. */
export async function signIn(token: string): Promise<Session> {
  await callApi(location.origin, token, '/v1/staff/queue');
  sessionStorage.setItem(KEY, token);
  return { token };
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

/** A staff call from the console (same origin as keel). */
export function staff<T>(session: Session, path: string, init: { method?: string; body?: unknown } = {}) {
  return callApi<T>(location.origin, session.token, path, init);
}
