import { okResponse } from "../../../contract/common.js";
import {
  renewTokenKeyRequest,
  updateUserRoleRequest,
  userIdParams,
  userListQuery,
  userListResponse,
  userResponse,
} from "../../../contract/user.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { MembersService } from "./members.service.js";

const tags = ["user"];

export function membersRoutes(members: MembersService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/user",
      schema: {
        tags,
        summary: "Users of the caller's organisation",
        querystring: userListQuery,
        response: { 200: userListResponse },
      },
      access: { permissions: ["User.GetUsers"] },
      handler: async (req, actor) => members.list(actor, req.query),
    }),
    defineRoute({
      method: "PUT",
      url: "/api/user/permission",
      schema: {
        tags,
        summary: "Change a user's role; all of its bintu tokens die at once",
        body: updateUserRoleRequest,
        response: { 200: userResponse },
      },
      access: { permissions: ["User.UpdatePermission"] },
      namesObject: true,
      openapi: { errors: [409] },
      handler: async (req, actor) => members.changeRole(actor, req.body.userId, req.body.role),
    }),
    defineRoute({
      method: "PUT",
      url: "/api/user/tokenkey",
      schema: {
        tags,
        summary: "Renew a user's token key; all of its bintu tokens die at once",
        body: renewTokenKeyRequest,
        response: { 200: userResponse },
      },
      access: { permissions: ["User.RenewTokenKey"] },
      namesObject: true,
      cache: "no-store",
      handler: async (req, actor) => members.renewTokenKey(actor, req.body.userId),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/user/:id",
      schema: {
        tags,
        summary: "Delete a user, its tokens and its pending invitations",
        params: userIdParams,
        response: { 200: okResponse },
      },
      access: { permissions: ["User.DeleteUser"] },
      namesObject: true,
      openapi: { errors: [409] },
      handler: async (req, actor) => {
        await members.remove(actor, req.params.id);
        return { ok: true as const };
      },
    }),
  ];
}
