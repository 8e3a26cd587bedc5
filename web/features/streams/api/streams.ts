import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { StreamListResponse, StreamResponse, StreamState } from "../../../../contract/stream.js";
import type { TagListResponse } from "../../../../contract/tag.js";
import type { StreamOp } from "../../../../contract/stream-states.js";
import { api } from "../../../lib/api.js";

export interface StreamFilter {
  tags: string[];
  state: StreamState | null;
  limit: number;
  /** The previous page's `next`; none for the first page. */
  cursor: string | undefined;
}

export function useStreams(f: StreamFilter) {
  const q = new URLSearchParams({ limit: String(f.limit) });
  if (f.cursor) q.set("cursor", f.cursor);
  for (const t of f.tags) q.append("tag", t);
  if (f.state) q.set("state", f.state);
  return useQuery({
    queryKey: ["streams", f],
    queryFn: () => api<StreamListResponse>(`/api/stream?${q}`),
    placeholderData: keepPreviousData,
  });
}

/** One stream; refreshed every 10 s while it is live (viewers, last callback). */
export const useStream = (id: string) =>
  useQuery({
    queryKey: ["stream", id],
    queryFn: () => api<StreamResponse>(`/api/stream/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data?.state === "live" ? 10_000 : false),
  });

/** Every tag of the organisation, for suggestions. */
export const useTagSuggestions = () =>
  useQuery({
    queryKey: ["tags", "suggest"],
    queryFn: () => api<TagListResponse>("/api/tag?limit=100"),
    staleTime: 30_000,
  });

function useStreamMutation<T, R>(fn: (input: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ["streams"] }),
        qc.invalidateQueries({ queryKey: ["stream"] }),
        qc.invalidateQueries({ queryKey: ["tags"] }),
      ]),
  });
}

export const useCreateStream = () =>
  useStreamMutation((tags: string[]) => api<StreamResponse>("/api/stream", { method: "POST", body: { tags } }));
export const useSetTags = () =>
  useStreamMutation((v: { id: string; tags: string[] }) =>
    api<StreamResponse>(`/api/stream/${encodeURIComponent(v.id)}/tag`, { method: "PUT", body: { tags: v.tags } }),
  );
export const useStreamOp = () =>
  useStreamMutation((v: { id: string; op: StreamOp }): Promise<unknown> =>
    v.op === "delete"
      ? api<{ ok: true }>(`/api/stream/${encodeURIComponent(v.id)}`, { method: "DELETE" })
      : api<StreamResponse>(`/api/stream/${encodeURIComponent(v.id)}/${v.op}`, { method: "POST" }),
  );
