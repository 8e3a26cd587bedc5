import type {
  StreamListResponse,
  StreamSort,
  SearchMatch,
  SortDirection,
  StreamState,
} from "../../../../contract/stream.js";
import { STREAM_SORT_DEFAULT_DIR, STREAM_SORTS } from "../../../../contract/stream-list.js";
import { api } from "../../../lib/api.js";
import type { PageFetch } from "../../../lib/jump-pages.js";

/** Rows per page of the stream list. */
export const STREAM_PAGE = 25;

/** The list's filters, search and order, as the URL of /streams holds them. */
export interface StreamListView {
  tags: string[];
  state: StreamState | null;
  q: string;
  match: SearchMatch;
  sort: StreamSort;
  dir: SortDirection;
}

export function viewFromSearch(params: URLSearchParams): StreamListView {
  const sort = (STREAM_SORTS as readonly string[]).includes(params.get("sort") ?? "")
    ? (params.get("sort") as StreamSort)
    : "created";
  const dir =
    params.get("dir") === "asc" || params.get("dir") === "desc"
      ? (params.get("dir") as SortDirection)
      : STREAM_SORT_DEFAULT_DIR[sort];
  return {
    tags: params.getAll("tag"),
    state: (params.get("state") as StreamState | null) ?? null,
    q: params.get("q") ?? "",
    match: params.get("match") === "contains" ? "contains" : "prefix",
    sort,
    dir,
  };
}

/** The query of one page; the list and the route's early fetch use the same key. */
export function streamListQuery(view: StreamListView, page: PageFetch) {
  const q = new URLSearchParams({ limit: String(page.fromEnd?.limit ?? STREAM_PAGE) });
  for (const t of view.tags) q.append("tag", t);
  if (view.state) q.set("state", view.state);
  if (view.q.trim()) {
    q.set("q", view.q.trim());
    if (view.match === "contains") q.set("match", "contains");
  }
  if (view.sort !== "created") q.set("sort", view.sort);
  const reverse = page.fromEnd !== undefined;
  const dir = reverse ? (view.dir === "asc" ? "desc" : "asc") : view.dir;
  if (dir !== STREAM_SORT_DEFAULT_DIR[view.sort]) q.set("dir", dir);
  if (page.cursor) q.set("cursor", page.cursor);
  const offset = page.fromEnd?.offset ?? page.offset ?? 0;
  if (offset > 0) q.set("offset", String(offset));
  return {
    queryKey: ["streams", "list", q.toString()],
    // The route's early fetch fills the cache just before the list mounts: no second request then.
    staleTime: 5_000,
    queryFn: async (): Promise<StreamListResponse> => {
      const answer = await api<StreamListResponse>(`/api/stream?${q}`);
      return reverse ? { ...answer, streams: [...answer.streams].reverse(), next: null } : answer;
    },
  };
}
