import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateRoleRequest, RoleListResponse, UpdateRoleRequest } from "../../../../contract/role.js";
import type { RoleResponse } from "../../../../contract/user.js";
import { api } from "../../../lib/api.js";

export const rolesQuery = { queryKey: ["roles"], queryFn: () => api<RoleListResponse>("/api/permission/list") };
export const useRoles = (enabled = true) => useQuery({ ...rolesQuery, enabled });

function useRoleMutation<T>(fn: (input: T) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ["roles"] }) });
}

export const useCreateRole = () => useRoleMutation((body: CreateRoleRequest) => api<RoleResponse>("/api/permission", { method: "POST", body }));
export const useUpdateRole = () => useRoleMutation((v: { name: string; body: UpdateRoleRequest }) => api<RoleResponse>(`/api/permission/${encodeURIComponent(v.name)}`, { method: "PUT", body: v.body }));
export const useDeleteRole = () => useRoleMutation((name: string) => api<{ ok: true }>(`/api/permission/${encodeURIComponent(name)}`, { method: "DELETE" }));
