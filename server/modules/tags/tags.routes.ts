import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { tagListQuery, tagListResponse } from "../../../contract/tag.js";
import type { TagsService } from "./tags.service.js";

export function tagsRoutes(app: FastifyInstance, tags: TagsService): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/tag",
    {
      schema: { tags: ["tag"], summary: "The organisation's tags with stream counts, sorted by name", querystring: tagListQuery, response: { 200: tagListResponse } },
      config: { access: { permissions: ["Tag.GetTags"] } },
    },
    async (req) => tags.list(req.actor!, req.query),
  );
}
