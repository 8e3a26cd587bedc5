import { useMutation, useQuery } from "@tanstack/react-query";
import type { LoginResponse, SetupRequest } from "../../../../contract/user.js";
import { api } from "../../../lib/api.js";
import { setSession } from "../../../lib/session.js";

export const setupStatusQuery = {
  queryKey: ["setup"],
  queryFn: () => api<{ needed: boolean }>("/api/setup", { anonymous: true }),
};
export const useSetupStatus = () => useQuery(setupStatusQuery);

export function useCompleteSetup() {
  return useMutation({
    mutationFn: (body: SetupRequest) => api<LoginResponse>("/api/setup", { method: "POST", body, anonymous: true }),
    onSuccess: (res) => setSession({ token: res.token, expiresAt: res.expiresAt }),
  });
}
