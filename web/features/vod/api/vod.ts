import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { VodListResponse } from "../../../../contract/vod.js";
import { api } from "../../../lib/api.js";

export const useVods = (streamId: string | null) =>
  useQuery({
    queryKey: ["vods", streamId],
    queryFn: () =>
      api<VodListResponse>(`/api/vod?limit=100${streamId ? `&streamId=${encodeURIComponent(streamId)}` : ""}`),
  });

export function useDeleteVod() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>(`/api/vod/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["vods"] }),
  });
}

/**
 * A private recording: fetched with the session cookie and played from a blob URL (allowed by the
 * page's media-src), so a refusal shows as an error instead of a silent player.
 */
export async function loadRecording(url: string): Promise<string> {
  const res = await fetch(url, { headers: { "x-requested-with": "orgdeck" } });
  if (!res.ok) throw new Error(`The recording could not be loaded (${res.status})`);
  return URL.createObjectURL(await res.blob());
}
