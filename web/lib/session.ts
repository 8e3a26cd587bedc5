/**
 * The dashboard's session. Signing in sets an HttpOnly cookie (the bintu token, which page scripts
 * cannot read) that every tab of the browser sends, so a new tab, a Ctrl-click or a reload keeps the
 * session (docs/SECURITY.md, "Dashboard session"). What the tabs share besides is a marker in
 * localStorage holding no secret — when the session expires and a random id — so each tab knows at once
 * whether it is signed in, and hears through the `storage` event when another tab signs out (then it
 * shows the sign-in page) or signs in anew (then it reloads, as the account may differ).
 *
 * The tab that signed in also keeps the token in sessionStorage, only to show it under API Access as
 * the bintu token (nanoStream's dashboard shows it); other tabs never learn it.
 */
const MARKER_KEY = "orgdeck.signedIn";
const TOKEN_KEY = "orgdeck.session";
const NOTICE_KEY = "orgdeck.notice";

export interface Session {
  /** The bintu token, in the tab that signed in; null in the others. */
  token: string | null;
  expiresAt: string;
  /** Random, made at sign-in: tells one sign-in from the next across tabs. */
  id: string;
}

interface Marker {
  expiresAt: string;
  id: string;
}

const listeners = new Set<() => void>();
let current: Session | null = read();

function parse<T>(raw: string | null): T | null {
  try {
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function read(): Session | null {
  let marker: Marker | null;
  let mine: (Marker & { token?: string }) | null;
  try {
    marker = parse<Marker>(localStorage.getItem(MARKER_KEY));
    mine = parse<Marker & { token?: string }>(sessionStorage.getItem(TOKEN_KEY));
  } catch {
    return null;
  }
  if (!marker || typeof marker.id !== "string" || !(Date.parse(marker.expiresAt) > Date.now())) return null;
  const token = mine && mine.id === marker.id && typeof mine.token === "string" ? mine.token : null;
  return { token, expiresAt: marker.expiresAt, id: marker.id };
}

function notify(): void {
  for (const l of listeners) l();
}

// Another tab signed in or out (or the storage was cleared).
if (typeof window !== "undefined")
  window.addEventListener("storage", (e) => {
    if (e.key !== MARKER_KEY && e.key !== null) return;
    const before = current;
    const next = read();
    if (before && next && before.id !== next.id) {
      // A new sign-in elsewhere, perhaps as someone else: start over with its session.
      window.location.reload();
      return;
    }
    if (!before && !next) return;
    if (before && !next) sessionStorage.removeItem(TOKEN_KEY);
    current = next;
    notify();
  });

export function getSession(): Session | null {
  return current;
}

/** Records a sign-in (with its token, from the sign-in answer) or, with null, a sign-out. */
export function setSession(s: { token: string; expiresAt: string } | null): void {
  if (s) {
    // getRandomValues, not randomUUID: the latter exists only in secure contexts (https, localhost).
    const id = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");
    sessionStorage.removeItem(NOTICE_KEY);
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ token: s.token, expiresAt: s.expiresAt, id }));
    localStorage.setItem(MARKER_KEY, JSON.stringify({ expiresAt: s.expiresAt, id }));
    current = { token: s.token, expiresAt: s.expiresAt, id };
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(MARKER_KEY);
    current = null;
  }
  notify();
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
