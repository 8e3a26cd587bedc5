/**
 * The bintu token of the signed-in user. Kept in memory and in sessionStorage (so a reload keeps
 * the session in this tab), never in localStorage.
 */
const KEY = "orgdeck.session";

export interface Session {
  token: string;
  expiresAt: string;
}

let current: Session | null = read();
const NOTICE_KEY = "orgdeck.notice";
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(s: Session | null): void {
  current = s;
  if (s) sessionStorage.removeItem(NOTICE_KEY);
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
  for (const l of listeners) l();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Ends the session because the server refused the token; the login page shows why. */
export function endSession(notice: string): void {
  // Kept in sessionStorage so the reason survives a reload of the login page.
  sessionStorage.setItem(NOTICE_KEY, notice);
  setSession(null);
}

/** Why the last session ended, until the next sign-in. */
export function endedSessionNotice(): string | null {
  return sessionStorage.getItem(NOTICE_KEY);
}
