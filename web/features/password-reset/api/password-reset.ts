import { useMutation, useQuery } from "@tanstack/react-query";
import type {
  CompletePasswordResetResponse,
  PublicPasswordResetResponse,
} from "../../../../contract/password-reset.js";
import { api } from "../../../lib/api.js";

const path = (token: string) => `/api/password-reset/${encodeURIComponent(token)}`;

/** Whether the link still works; a dead link answers 410 (never retried). */
export const usePasswordResetLink = (token: string) =>
  useQuery({
    queryKey: ["password-reset", token],
    queryFn: () => api<PublicPasswordResetResponse>(path(token), { anonymous: true }),
    retry: false,
    staleTime: Infinity,
  });

export const useCompletePasswordReset = (token: string) =>
  useMutation({
    mutationFn: (body: { password: string }) =>
      api<CompletePasswordResetResponse>(path(token), { method: "POST", body, anonymous: true }),
  });
