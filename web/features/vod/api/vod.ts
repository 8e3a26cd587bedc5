import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { VodListResponse } from "../../../../contract/vod.js";
import { api } from "../../../lib/api.js";
import { getSession } from "../../../lib/session.js";

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
 * A private recording needs the member's token, which a <video src> cannot send: fetch it with the
 * token and play it from a blob URL (allowed by the page's media-src).
 */
export async function loadRecording(url: string): Promise<string> {
  const token = getSession()?.token;
  const res = await fetch(url, { headers: token ? { "x-bintu-token": token } : {} });
  if (!res.ok) throw new Error(`The recording could not be loaded (${res.status})`);
  return URL.createObjectURL(await res.blob());
}
