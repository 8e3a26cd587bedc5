import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Granularity, GroupBy, LiveAnalyticsResponse, UsageResponse } from "../../../../contract/analytics.js";
import { api, ApiError, SESSION_ENDED } from "../../../lib/api.js";
import { endSession, getSession } from "../../../lib/session.js";

export interface UsageParams {
  from: string;
  to: string;
  granularity: Granularity;
  groupBy?: GroupBy;
  stream?: string;
}

function search(p: UsageParams): URLSearchParams {
  const q = new URLSearchParams({ from: p.from, to: p.to, granularity: p.granularity });
  if (p.groupBy && p.groupBy !== "none") q.set("groupBy", p.groupBy);
  if (p.stream) q.set("stream", p.stream);
  return q;
}

/** Live now, refreshed every 10 s. */
export const useLiveAnalytics = () =>
  useQuery({
    queryKey: ["analytics", "live"],
    queryFn: () => api<LiveAnalyticsResponse>("/api/analytics/live"),
    refetchInterval: 10_000,
  });

export const useUsage = (p: UsageParams | null) =>
  useQuery({
    queryKey: ["analytics", "usage", p],
    queryFn: () => api<UsageResponse>(`/api/analytics/usage?${search(p!)}`),
    enabled: p !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

/** The series as CSV (premium), saved as a file. */
export async function downloadUsageCsv(p: UsageParams): Promise<void> {
  const res = await fetch(`/api/analytics/usage?${search(p)}`, {
    headers: { accept: "text/csv", "x-requested-with": "orgdeck" },
  });
  if (!res.ok) {
    if (res.status === 401 && getSession()) endSession(SESSION_ENDED);
    let message = `Download failed (${res.status})`;
    try {
      message = ((await res.json()) as { error: { message: string } }).error.message;
    } catch {
      // keep the status line
    }
    throw new ApiError(res.status, "error", message);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `usage-${p.granularity}-${p.from.slice(0, 10)}-${p.to.slice(0, 10)}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
