import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateRoleRequest, RoleListResponse, UpdateRoleRequest } from "../../../../contract/role.js";
import type { RoleResponse } from "../../../../contract/user.js";
import { api } from "../../../lib/api.js";
import { useMe } from "../../../lib/me.js";

export const rolesQuery = { queryKey: ["roles"], queryFn: () => api<RoleListResponse>("/api/permission/list") };
export const useRoles = (enabled = true) => useQuery({ ...rolesQuery, enabled });

function useRoleMutation<T, R>(fn: (input: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ["roles"] }) });
}

export const useCreateRole = () =>
  useRoleMutation((body: CreateRoleRequest) => api<RoleResponse>("/api/permission", { method: "POST", body }));
export const useUpdateRole = () =>
  useRoleMutation((v: { name: string; body: UpdateRoleRequest }) =>
    api<RoleResponse>(`/api/permission/${encodeURIComponent(v.name)}`, { method: "PUT", body: v.body }),
  );
export const useDeleteRole = () =>
  useRoleMutation((name: string) =>
    api<{ ok: true }>(`/api/permission/${encodeURIComponent(name)}`, { method: "DELETE" }),
  );

/** Roles whose every permission the caller holds: the only ones it may hand out (the server agrees). */
export function useGrantableRoles(enabled = true) {
  const roles = useRoles(enabled);
  const me = useMe();
  const mine = new Set(me.data?.permissions ?? []);
  const grantable = (roles.data?.roles ?? []).filter((r) =>
    Object.entries(r.permissions).every(([g, ops]) => ops.every((op) => mine.has(`${g}.${op}`))),
  );
  return { ...roles, grantable };
}
