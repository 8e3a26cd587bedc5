import { ApiError, SESSION_ENDED } from "./api.js";
import { endSession, getSession } from "./session.js";

export interface ApiBlob {
  blob: Blob;
  /** `Cache-Control: max-age` in seconds, when the server sent one (a thumbnail's interval). */
  maxAge: number | null;
}

/**
 * A binary answer (a thumbnail) fetched with the bintu token: `<img src>` cannot carry the header, so
 * callers show it through a blob URL. `null` for 404 (nothing there yet).
 */
export async function apiBlob(path: string): Promise<ApiBlob | null> {
  const session = getSession();
  const headers: Record<string, string> = session ? { "x-bintu-token": session.token } : {};
  let res: Response;
  try {
    // no-cache: revalidate (ETag) so Refresh shows the newest one, not the browser's copy.
    res = await fetch(path, { headers, cache: "no-cache" });
  } catch {
    throw new ApiError(0, "network", "The server could not be reached. Check your connection and try again.");
  }
  if (res.status === 404) return null;
  if (!res.ok) {
    if (res.status === 401 && session) endSession(SESSION_ENDED);
    throw new ApiError(res.status, "error", `Request failed (${res.status})`);
  }
  const age = /max-age=(\d+)/.exec(res.headers.get("cache-control") ?? "");
  return { blob: await res.blob(), maxAge: age ? Number(age[1]) : null };
}
