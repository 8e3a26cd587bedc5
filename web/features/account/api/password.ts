import { useMutation } from "@tanstack/react-query";
import type { ChangePasswordRequest, ChangePasswordResponse } from "../../../../contract/user.js";
import { api } from "../../../lib/api.js";

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) =>
      api<ChangePasswordResponse>("/api/user/password", { method: "PUT", body }),
  });
}
