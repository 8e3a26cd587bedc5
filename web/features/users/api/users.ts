import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { UserListResponse, UserResponse } from "../../../../contract/user.js";
import { USER_SORT_DEFAULT_DIR, type UserSort } from "../../../../contract/user-list.js";
import { api } from "../../../lib/api.js";

export const USERS_PAGE = 50;

/** Search and order of the member list (the defaults send nothing). */
export interface UserListOrder {
  q?: string;
  sort?: UserSort;
  dir?: "asc" | "desc";
}

export const usersQuery = (role: string | null, cursor: string | undefined, order: UserListOrder = {}) => {
  const q = new URLSearchParams({ limit: String(USERS_PAGE) });
  if (role) q.set("role", role);
  if (order.q?.trim()) q.set("q", order.q.trim());
  if (order.sort && order.sort !== "joined") q.set("sort", order.sort);
  if (order.sort && order.dir && order.dir !== USER_SORT_DEFAULT_DIR[order.sort]) q.set("dir", order.dir);
  if (cursor) q.set("cursor", cursor);
  return {
    queryKey: ["users", role ?? "all", cursor ?? "", q.toString()],
    queryFn: () => api<UserListResponse>(`/api/user?${q}`),
  };
};
export const useUsers = (role: string | null, cursor: string | undefined, order: UserListOrder = {}) =>
  useQuery({ ...usersQuery(role, cursor, order), placeholderData: keepPreviousData });

function useUserMutation<T, R>(fn: (input: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ["users"] }) });
}

export const useChangeRole = () =>
  useUserMutation((v: { userId: string; role: string }) =>
    api<UserResponse>("/api/user/permission", { method: "PUT", body: v }),
  );
export const useResetToken = () =>
  useUserMutation((userId: string) => api<UserResponse>("/api/user/tokenkey", { method: "PUT", body: { userId } }));
export const useDeleteUser = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api<{ ok: true }>(`/api/user/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: ["users"] }), qc.invalidateQueries({ queryKey: ["invites"] })]),
  });
};
