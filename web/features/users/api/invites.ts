import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateInviteRequest, CreatedInviteResponse, InviteResponse } from "../../../../contract/invite.js";
import { api } from "../../../lib/api.js";

export const invitesQuery = { queryKey: ["invites"], queryFn: () => api<{ invites: InviteResponse[] }>("/api/invite") };
export const useInvites = (enabled: boolean) => useQuery({ ...invitesQuery, enabled });

export function useCreateInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInviteRequest) => api<CreatedInviteResponse>("/api/invite", { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["invites"] }),
  });
}

export function useRevokeInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>(`/api/invite/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["invites"] }),
  });
}
