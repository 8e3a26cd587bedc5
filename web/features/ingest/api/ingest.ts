import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { ingestCallListResponse, WebhookTestResponse } from "../../../../contract/stream.js";
import { api } from "../../../lib/api.js";

type CallList = z.infer<typeof ingestCallListResponse>;

export const useSendTest = () =>
  useMutation({ mutationFn: () => api<WebhookTestResponse>("/api/organisation/webhook/test", { method: "POST" }) });

export function useRecentCalls(f: { decision: string | null; streamId: string | null }) {
  const q = new URLSearchParams({ limit: "10" });
  if (f.decision) q.set("decision", f.decision);
  if (f.streamId) q.set("streamId", f.streamId);
  return useQuery({
    queryKey: ["ingest-calls", f],
    queryFn: () => api<CallList>(`/api/ingest/calls?${q}`),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}
