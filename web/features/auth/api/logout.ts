import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api.js";
import { setSession } from "../../../lib/session.js";

export const logout = () => api<{ ok: true }>("/api/user/logout", { method: "POST" });

/** Revokes the token on the server; the local session ends whatever the server says. */
export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => logout().catch(() => ({ ok: true as const })),
    onSettled: () => {
      setSession(null);
      qc.clear();
    },
  });
}
