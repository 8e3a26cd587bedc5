import type { QueryClient, QueryKey } from "@tanstack/react-query";
import {
  LIVE_KINDS,
  LIVE_UPDATES_PATH,
  type LiveChange,
  type LiveClosed,
  type LiveReady,
  type LiveTopic,
} from "../../contract/live-updates.js";
import { SESSION_ENDED } from "./api.js";
import { endSession, getSession, subscribeSession } from "./session.js";

/**
 * The dashboard's one live-update stream per tab (`GET /api/live-updates`), read with fetch so it
 * authenticates exactly as the API calls do (EventSource could not send the token header). A change invalidates the queries
 * of its topic (TanStack Query refetches those on screen through the normal API); changes arriving
 * together are gathered for a moment, so a burst costs one refetch per query. Lost connections are
 * retried with exponential backoff and jitter; while there is none, what is on screen is refetched
 * every 30 s instead. `<html data-live="on|off">` tells whether the stream is up (nothing is shown).
 */

/** The queries each topic's changes make stale (prefixes of query keys). */
const TOPIC_QUERIES: Record<LiveTopic, QueryKey[]> = {
  // The tags overview counts streams per state, so stream changes touch it too.
  streams: [["streams"], ["stream"], ["tags"]],
  recordings: [["vods"]],
  // Role lists count their members; a member's own role shows in "me".
  members: [["users"], ["roles"], ["me"]],
  invites: [["invites"]],
  roles: [["roles"], ["users"], ["me"]],
  tags: [["tags"], ["streams"], ["stream"]],
  organisation: [["organisation"]],
};
const ALL_TOPICS = Object.keys(TOPIC_QUERIES) as LiveTopic[];

const GATHER_MS = 250;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
const FALLBACK_REFETCH_MS = 30_000;
/**
 * A tab hidden this long lets its stream go (and takes it up again, with a refresh, when shown): over
 * HTTP/1.1 a browser allows only 6 connections per server for all its tabs together, so background
 * tabs must not hold them.
 */
const HIDDEN_RELEASE_MS = 30_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

function setIndicator(state: "on" | "off" | null): void {
  if (state) document.documentElement.dataset.live = state;
  else delete document.documentElement.dataset.live;
}

/** Starts the tab's stream; the returned function stops it (sign-out, unmount). */
export function startLiveUpdates(qc: QueryClient): () => void {
  const stop = new AbortController();
  let pending = new Set<LiveTopic>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let connected = false;

  function flush(): void {
    flushTimer = undefined;
    const topics = pending;
    pending = new Set();
    const keys = new Map<string, QueryKey>();
    for (const t of topics) for (const k of TOPIC_QUERIES[t]) keys.set(JSON.stringify(k), k);
    for (const k of keys.values()) void qc.invalidateQueries({ queryKey: k });
  }
  function stale(topics: Iterable<LiveTopic>): void {
    for (const t of topics) pending.add(t);
    flushTimer ??= setTimeout(flush, GATHER_MS);
  }

  // While disconnected, what is on screen still catches up now and then.
  const fallback = setInterval(() => {
    if (!connected) stale(ALL_TOPICS);
  }, FALLBACK_REFETCH_MS);

  /** Reads one connection's events until it ends; resolves with the server's reason, if it gave one. */
  async function read(body: ReadableStream<Uint8Array>, conn: AbortController): Promise<LiveClosed["reason"] | null> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    let heartbeatMs = 15_000;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    // A connection silent for well over a heartbeat is dead (a proxy or network dropped it quietly).
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => conn.abort(), heartbeatMs * 2.5);
    };
    arm();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return null;
        arm();
        buf += decoder.decode(value, { stream: true });
        let at: number;
        while ((at = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, at);
          buf = buf.slice(at + 2);
          let event = "message";
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trim();
          }
          if (!data) continue;
          const parsed: unknown = JSON.parse(data);
          if (event === "ready") {
            heartbeatMs = (parsed as LiveReady).heartbeatMs;
            arm();
            connected = true;
            setIndicator("on");
            // Whatever changed while this tab was not listening (or before it first connected).
            stale(ALL_TOPICS);
          } else if (event === "change") {
            const c = parsed as LiveChange;
            const topic = LIVE_KINDS[c.kind] as LiveTopic | undefined;
            if (topic) stale([topic]);
          } else if (event === "closed") return (parsed as LiveClosed).reason;
        }
      }
    } finally {
      clearTimeout(watchdog);
    }
  }

  // Hidden long enough: the stream is let go until the tab is shown again.
  let hiddenTimer: ReturnType<typeof setTimeout> | undefined;
  let current: AbortController | null = null;
  let wake: (() => void) | null = null;
  const released = () => document.visibilityState === "hidden" && hiddenTimer === undefined;
  const onVisibility = () => {
    clearTimeout(hiddenTimer);
    hiddenTimer = undefined;
    if (document.visibilityState === "hidden") {
      hiddenTimer = setTimeout(() => {
        hiddenTimer = undefined;
        current?.abort();
      }, HIDDEN_RELEASE_MS);
    } else wake?.();
  };
  document.addEventListener("visibilitychange", onVisibility);
  onVisibility();
  const shown = () =>
    new Promise<void>((resolve) => {
      wake = () => {
        wake = null;
        resolve();
      };
      stop.signal.addEventListener("abort", wake, { once: true });
    });

  async function run(): Promise<void> {
    let attempt = 0;
    while (!stop.signal.aborted) {
      if (released()) {
        setIndicator("off");
        await shown();
        attempt = 0;
        continue;
      }
      const session = getSession();
      if (!session) return;
      const conn = new AbortController();
      current = conn;
      const onStop = () => conn.abort();
      stop.signal.addEventListener("abort", onStop, { once: true });
      let wait: number | null = null;
      try {
        // As every API call: the session cookie, or the bintu token in the tab that signed in.
        const headers: Record<string, string> = { accept: "text/event-stream", "x-requested-with": "orgdeck" };
        if (session.token) headers["x-bintu-token"] = session.token;
        const res = await fetch(LIVE_UPDATES_PATH, {
          headers,
          credentials: "same-origin",
          cache: "no-store",
          signal: conn.signal,
        });
        if (res.status === 401) {
          // The token was revoked or expired: the session is over, as any API call would find.
          endSession(SESSION_ENDED);
          return;
        }
        if (!res.ok || !res.body) {
          const retryAfter = Number(res.headers.get("retry-after"));
          if (retryAfter > 0) wait = retryAfter * 1000;
          await res.body?.cancel();
        } else {
          const reason = await read(res.body, conn);
          // A stream that was up starts the backoff over; the server's own ends reconnect soon.
          attempt = 0;
          if (reason === "credential") wait = 0;
        }
      } catch {
        // Network failure or the watchdog's abort: retried below.
      } finally {
        stop.signal.removeEventListener("abort", onStop);
        conn.abort();
      }
      connected = false;
      current = null;
      if (stop.signal.aborted) return;
      if (released()) continue;
      setIndicator("off");
      // Full jitter, so tabs that lost the same server do not all come back at once.
      const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
      attempt = Math.min(attempt + 1, 10);
      await sleep(wait ?? backoff / 2 + Math.random() * (backoff / 2), stop.signal);
    }
  }

  void run();
  // Signing out (here or by a 401 elsewhere) ends the stream.
  const unsubscribe = subscribeSession(() => {
    if (!getSession()) stop.abort();
  });

  return () => {
    stop.abort();
    unsubscribe();
    document.removeEventListener("visibilitychange", onVisibility);
    clearTimeout(hiddenTimer);
    clearInterval(fallback);
    clearTimeout(flushTimer);
    setIndicator(null);
  };
}
