import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { okResponse } from "../../../contract/common.js";
import { createRoleRequest, roleListQuery, roleListResponse, roleQuery, updateRoleRequest } from "../../../contract/role.js";
import { roleResponse } from "../../../contract/user.js";
import type { RolesService } from "./roles.service.js";

const nameParams = z.object({ name: z.string().max(40) }).strict();

export function rolesRoutes(app: FastifyInstance, roles: RolesService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["permission"];

  r.get(
    "/api/permission/list",
    { schema: { tags, summary: "All roles of the organisation, built-in and custom, with member counts", querystring: roleListQuery, response: { 200: roleListResponse } }, config: { access: { permissions: ["Permission.List"] } } },
    async (req) => roles.list(req.actor!, req.query),
  );
  r.get(
    "/api/permission",
    { schema: { tags, summary: "One role by name", querystring: roleQuery, response: { 200: roleResponse } }, config: { access: { permissions: ["Permission.List"] } } },
    async (req) => roles.get(req.actor!, req.query.name),
  );
  r.post(
    "/api/permission",
    { schema: { tags, summary: "Create a custom role", body: createRoleRequest, response: { 201: roleResponse } }, config: { access: { permissions: ["Permission.Create"] }, idempotent: true } },
    async (req, reply) => reply.code(201).send(await roles.create(req.actor!, req.body)),
  );
  r.put(
    "/api/permission/:name",
    { schema: { tags, summary: "Change a custom role", params: nameParams, body: updateRoleRequest, response: { 200: roleResponse } }, config: { access: { permissions: ["Permission.Update"] } } },
    async (req) => roles.update(req.actor!, req.params.name, req.body),
  );
  r.delete(
    "/api/permission/:name",
    { schema: { tags, summary: "Delete a custom role that nobody holds", params: nameParams, response: { 200: okResponse } }, config: { openapi: { errors: [409] }, access: { permissions: ["Permission.Delete"] } } },
    async (req) => {
      await roles.remove(req.actor!, req.params.name);
      return { ok: true as const };
    },
  );
}
