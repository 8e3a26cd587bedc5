import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { StreamResponse } from "../../../../contract/stream.js";
import type { TagListResponse } from "../../../../contract/tag.js";
import type { StreamOp } from "../../../../contract/stream-states.js";
import { api } from "../../../lib/api.js";
import type { PageFetch } from "../../../lib/jump-pages.js";
import { streamListQuery, type StreamListView } from "./list-query.js";

/** One page of the stream list (see list-query.ts, shared with the route's early fetch). */
export function useStreamList(view: StreamListView, page: PageFetch) {
  return useQuery({ ...streamListQuery(view, page), placeholderData: keepPreviousData });
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
