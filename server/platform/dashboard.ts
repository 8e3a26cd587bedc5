import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Serves the built dashboard; any other non-API GET gets index.html so deep links load the app. */
export async function registerDashboard(app: FastifyInstance, root: string): Promise<void> {
  const hasDashboard = fs.existsSync(path.join(root, "index.html"));
  if (!hasDashboard) app.log.warn({ root }, "dashboard build not found; run `npm run build`");
  else
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      // The build writes a .br and a .gz beside every file worth compressing (vite.config.ts): each
      // request gets the best its Accept-Encoding allows, with `Vary: accept-encoding`.
      preCompressed: true,
      setHeaders: (res, file) => {
        res.header(
          "cache-control",
          file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split("?")[0] ?? "/";
    if (
      !hasDashboard ||
      (request.method !== "GET" && request.method !== "HEAD") ||
      url.startsWith("/api/") ||
      url === "/api"
    ) {
      return reply.code(404).send({ error: { code: "not_found", message: `No route ${request.method} ${url}` } });
    }
    return reply.header("cache-control", "no-cache").sendFile("index.html");
  });
}
