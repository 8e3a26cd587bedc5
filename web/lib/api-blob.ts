import { ApiError, SESSION_ENDED } from "./api.js";
import { endSession, getSession } from "./session.js";

export interface ApiBlob {
  blob: Blob;
  /** `Cache-Control: max-age` in seconds, when the server sent one (a thumbnail's interval). */
  maxAge: number | null;
}

/**
 * A binary answer (a thumbnail) fetched with the session cookie and shown through a blob URL, so a
 * refused or missing picture is told apart from a broken one. `null` for 404 (nothing there yet).
 */
export async function apiBlob(path: string): Promise<ApiBlob | null> {
  const session = getSession();
  const headers: Record<string, string> = { "x-requested-with": "orgdeck" };
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
