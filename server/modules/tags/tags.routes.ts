import { z } from "zod";
import { renameTagRequest, tagChangeResponse } from "../../../contract/stream.js";
import { tagListQuery, tagListResponse } from "../../../contract/tag.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { TagsService } from "./tags.service.js";

const nameParams = z.object({ name: z.string().max(256) }).strict();

export function tagsRoutes(tags: TagsService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/tag",
      schema: {
        tags: ["tag"],
        summary: "The organisation's tags with stream counts, sorted by name",
        querystring: tagListQuery,
        response: { 200: tagListResponse },
      },
      access: { permissions: ["Tag.GetTags"] },
      handler: async (req, actor) => tags.list(actor, req.query),
    }),
    defineRoute({
      method: "PUT",
      url: "/api/tag/:name",
      schema: {
        tags: ["tag"],
        summary: "Rename a tag on every stream",
        params: nameParams,
        body: renameTagRequest,
        response: { 200: tagChangeResponse },
      },
      access: { permissions: ["Tag.EditTag"] },
      namesObject: true,
      handler: async (req, actor) => tags.rename(actor, req.params.name, req.body.name),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/tag/:name",
      schema: {
        tags: ["tag"],
        summary: "Remove a tag from every stream",
        params: nameParams,
        response: { 200: tagChangeResponse },
      },
      access: { permissions: ["Tag.DeleteTag"] },
      namesObject: true,
      handler: async (req, actor) => tags.remove(actor, req.params.name),
    }),
  ];
}
