import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { okResponse } from "../../../contract/common.js";
import { renewTokenKeyRequest, updateUserRoleRequest, userIdParams, userListQuery, userListResponse, userResponse } from "../../../contract/user.js";
import type { MembersService } from "./members.service.js";

export function membersRoutes(app: FastifyInstance, members: MembersService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["user"];

  r.get(
    "/api/user",
    { schema: { tags, summary: "Users of the caller's organisation", querystring: userListQuery, response: { 200: userListResponse } }, config: { access: { permissions: ["User.GetUsers"] } } },
    async (req) => members.list(req.actor!, req.query),
  );
  r.put(
    "/api/user/permission",
    { schema: { tags, summary: "Change a user's role; all of its bintu tokens die at once", body: updateUserRoleRequest, response: { 200: userResponse } }, config: { openapi: { errors: [404, 409] }, access: { permissions: ["User.UpdatePermission"] } } },
    async (req) => members.changeRole(req.actor!, req.body.userId, req.body.role),
  );
  r.put(
    "/api/user/tokenkey",
    { schema: { tags, summary: "Renew a user's token key; all of its bintu tokens die at once", body: renewTokenKeyRequest, response: { 200: userResponse } }, config: { openapi: { errors: [404] }, access: { permissions: ["User.RenewTokenKey"] } } },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      return members.renewTokenKey(req.actor!, req.body.userId);
    },
  );
  r.delete(
    "/api/user/:id",
    { schema: { tags, summary: "Delete a user, its tokens and its pending invitations", params: userIdParams, response: { 200: okResponse } }, config: { openapi: { errors: [409] }, access: { permissions: ["User.DeleteUser"] } } },
    async (req) => {
      await members.remove(req.actor!, req.params.id);
      return { ok: true as const };
    },
  );
}
