import { expect, it } from "vitest";
import { registeredRoutes, routeTable } from "../platform/register-routes.js";
import { isProtected, routeKey } from "../platform/route-table.js";
import { describeEachDatabase } from "./harness.js";

describeEachDatabase("the route table", (server) => {
  it("holds every route the server registers, so none escapes the matrix, the sweep or the document", () => {
    const app = server().app;
    const registered = registeredRoutes(app).filter((r) => !r.dashboardFile);
    const outside = registered.filter((r) => !r.fromTable).map((r) => `${r.method} ${r.url}`);
    expect(outside, "routes registered without a table entry").toEqual([]);
    // And the other way round: every entry reached Fastify with each of its methods.
    const seen = new Set(registered.map((r) => `${r.method} ${r.url}`));
    const missing = routeTable(app)
      .flatMap((def) => [def.method].flat().map((m) => `${m} ${def.url}`))
      .filter((k) => !seen.has(k));
    expect(missing).toEqual([]);
    expect(new Set(routeTable(app).map(routeKey)).size).toBe(routeTable(app).length);
  });

  it("says of every protected route with a path parameter that it names an object, so the cross-org sweep tries it", () => {
    const unmarked = routeTable(server().app).filter((r) => isProtected(r) && /:\w/.test(r.url) && !r.namesObject);
    expect(unmarked.map(routeKey)).toEqual([]);
  });
});
