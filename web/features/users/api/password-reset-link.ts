import { useMutation } from "@tanstack/react-query";
import type { CreatedPasswordResetResponse } from "../../../../contract/password-reset.js";
import { api } from "../../../lib/api.js";

/** A single-use password reset link for a member (shown once; creating another replaces it). */
export const useCreatePasswordResetLink = () =>
  useMutation({
    mutationFn: (userId: string) =>
      api<CreatedPasswordResetResponse>(`/api/user/${encodeURIComponent(userId)}/password-reset`, { method: "POST" }),
  });
