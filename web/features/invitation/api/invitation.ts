import { useMutation, useQuery } from "@tanstack/react-query";
import type { AcceptInviteRequest, PublicInviteResponse } from "../../../../contract/invite.js";
import type { LoginResponse } from "../../../../contract/user.js";
import { api } from "../../../lib/api.js";
import { setSession } from "../../../lib/session.js";

export const useInvitation = (token: string) =>
  useQuery({
    queryKey: ["invitation", token],
    queryFn: () => api<PublicInviteResponse>(`/api/invite/${encodeURIComponent(token)}`, { anonymous: true }),
    retry: false,
  });

export function useAcceptInvitation(token: string) {
  return useMutation({
    mutationFn: (body: AcceptInviteRequest) =>
      api<LoginResponse>(`/api/invite/${encodeURIComponent(token)}/accept`, { method: "POST", body, anonymous: true }),
    onSuccess: (res) => setSession({ token: res.token, expiresAt: res.expiresAt }),
  });
}
