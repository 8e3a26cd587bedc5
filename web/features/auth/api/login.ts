import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { LoginRequest, LoginResponse } from "../../../../contract/user.js";
import { api } from "../../../lib/api.js";
import { setSession } from "../../../lib/session.js";

export const login = (body: LoginRequest) =>
  api<LoginResponse>("/api/user/validate", { method: "POST", body, anonymous: true });

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (res) => {
      qc.clear();
      setSession({ token: res.token, expiresAt: res.expiresAt });
    },
  });
}
