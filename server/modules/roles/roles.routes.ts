import { z } from "zod";
import { okResponse } from "../../../contract/common.js";
import {
  createRoleRequest,
  roleListQuery,
  roleListResponse,
  roleQuery,
  updateRoleRequest,
} from "../../../contract/role.js";
import { roleResponse } from "../../../contract/user.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { RolesService } from "./roles.service.js";

const nameParams = z.object({ name: z.string().max(40) }).strict();
const tags = ["permission"];

export function rolesRoutes(roles: RolesService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/permission/list",
      schema: {
        tags,
        summary: "All roles of the organisation, built-in and custom, with member counts",
        querystring: roleListQuery,
        response: { 200: roleListResponse },
      },
      access: { permissions: ["Permission.List"] },
      handler: async (req, actor) => roles.list(actor, req.query),
    }),
    defineRoute({
      method: "GET",
      url: "/api/permission",
      schema: { tags, summary: "One role by name", querystring: roleQuery, response: { 200: roleResponse } },
      access: { permissions: ["Permission.List"] },
      namesObject: true,
      handler: async (req, actor) => roles.get(actor, req.query.name),
    }),
    defineRoute({
      method: "POST",
      url: "/api/permission",
      schema: { tags, summary: "Create a custom role", body: createRoleRequest, response: { 201: roleResponse } },
      access: { permissions: ["Permission.Create"] },
      idempotent: true,
      handler: async (req, actor, reply) => reply.code(201).send(await roles.create(actor, req.body)),
    }),
    defineRoute({
      method: "PUT",
      url: "/api/permission/:name",
      schema: {
        tags,
        summary: "Change a custom role",
        params: nameParams,
        body: updateRoleRequest,
        response: { 200: roleResponse },
      },
      access: { permissions: ["Permission.Update"] },
      namesObject: true,
      handler: async (req, actor) => roles.update(actor, req.params.name, req.body),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/permission/:name",
      schema: {
        tags,
        summary: "Delete a custom role that nobody holds",
        params: nameParams,
        response: { 200: okResponse },
      },
      access: { permissions: ["Permission.Delete"] },
      namesObject: true,
      openapi: { errors: [409] },
      handler: async (req, actor) => {
        await roles.remove(actor, req.params.name);
        return { ok: true as const };
      },
    }),
  ];
}
