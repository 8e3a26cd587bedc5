import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { UserListResponse, UserResponse } from "../../../../contract/user.js";
import { api } from "../../../lib/api.js";

export const usersQuery = (role: string | null) => ({
  queryKey: ["users", role ?? "all"],
  queryFn: () => api<UserListResponse>(`/api/user?limit=100${role ? `&role=${encodeURIComponent(role)}` : ""}`),
});
export const useUsers = (role: string | null) => useQuery({ ...usersQuery(role), placeholderData: keepPreviousData });

function useUserMutation<T>(fn: (input: T) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ["users"] }) });
}

export const useChangeRole = () => useUserMutation((v: { userId: string; role: string }) => api<UserResponse>("/api/user/permission", { method: "PUT", body: v }));
export const useResetToken = () => useUserMutation((userId: string) => api<UserResponse>("/api/user/tokenkey", { method: "PUT", body: { userId } }));
export const useDeleteUser = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api<{ ok: true }>(`/api/user/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ["users"] }), qc.invalidateQueries({ queryKey: ["invites"] })]),
  });
};
