import { useQuery } from "@tanstack/react-query";
import type { Permission } from "../../contract/permissions.js";
import type { MeResponse } from "../../contract/user.js";
import { api } from "./api.js";

export const meQuery = { queryKey: ["me"], queryFn: () => api<MeResponse>("/api/user/me"), staleTime: 30_000 };

/** The signed-in user, its role and effective permissions, as the server says. */
export function useMe() {
  return useQuery(meQuery);
}

/** What the caller may do: the server ships the permissions, the UI only mirrors them. */
export function useCan(): (permission: Permission) => boolean {
  const { data } = useMe();
  return (permission) => data?.permissions.includes(permission) ?? false;
}
