import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreatedPasswordResetResponse, OpenPasswordResetResponse } from "../../../../contract/password-reset.js";
import { api, ApiError } from "../../../lib/api.js";

const linkPath = (userId: string) => `/api/user/${encodeURIComponent(userId)}/password-reset`;
const openLinkKey = (userId: string) => ["password-reset-link", userId];

/** A single-use password reset link for a member (shown once; creating another replaces it). */
export const useCreatePasswordResetLink = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api<CreatedPasswordResetResponse>(linkPath(userId), { method: "POST" }),
    onSuccess: (_link, userId) => qc.invalidateQueries({ queryKey: openLinkKey(userId) }),
  });
};

/** The member's open link (who made it, until when), or null when there is none (the API's 404). */
export const useOpenPasswordResetLink = (userId: string, enabled: boolean) =>
  useQuery({
    queryKey: openLinkKey(userId),
    enabled,
    queryFn: () =>
      api<OpenPasswordResetResponse>(linkPath(userId)).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }),
  });

export const useRevokePasswordResetLink = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api<void>(linkPath(userId), { method: "DELETE" }),
    onSettled: (_r, _e, userId) => qc.invalidateQueries({ queryKey: openLinkKey(userId) }),
  });
};
