import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AuditListResponse } from "../../../../contract/audit.js";
import { api } from "../../../lib/api.js";

export function useAudit(opts: { limit: number; cursor: string | undefined; action: string | null }) {
  const q = new URLSearchParams({ limit: String(opts.limit) });
  if (opts.cursor) q.set("cursor", opts.cursor);
  if (opts.action) q.set("action", opts.action);
  return useQuery({
    queryKey: ["audit", opts],
    queryFn: () => api<AuditListResponse>(`/api/audit?${q}`),
    placeholderData: keepPreviousData,
  });
}
