import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { renameTagRequest, tagChangeResponse } from "../../../contract/stream.js";
import { tagListQuery, tagListResponse } from "../../../contract/tag.js";
import type { TagsService } from "./tags.service.js";

const nameParams = z.object({ name: z.string().max(256) }).strict();

export function tagsRoutes(app: FastifyInstance, tags: TagsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/tag",
    {
      schema: { tags: ["tag"], summary: "The organisation's tags with stream counts, sorted by name", querystring: tagListQuery, response: { 200: tagListResponse } },
      config: { access: { permissions: ["Tag.GetTags"] } },
    },
    async (req) => tags.list(req.actor!, req.query),
  );
  r.put(
    "/api/tag/:name",
    { schema: { tags: ["tag"], summary: "Rename a tag on every stream", params: nameParams, body: renameTagRequest, response: { 200: tagChangeResponse } }, config: { access: { permissions: ["Tag.EditTag"] } } },
    async (req) => tags.rename(req.actor!, req.params.name, req.body.name),
  );
  r.delete(
    "/api/tag/:name",
    { schema: { tags: ["tag"], summary: "Remove a tag from every stream", params: nameParams, response: { 200: tagChangeResponse } }, config: { access: { permissions: ["Tag.DeleteTag"] } } },
    async (req) => tags.remove(req.actor!, req.params.name),
  );
}
