import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, expect, it } from "vitest";
import { buildOrg } from "./test/factories.js";
import { describeEachDatabase } from "./test/harness.js";

// A client generated from the served document must compile and work against the live server, so the
// document and the server cannot drift apart. The temporary project lives inside the repository
// (.test-output/, ignored) so that `openapi-fetch` resolves from our node_modules.
const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, ".test-output");

const CLIENT = `
import createClient from "openapi-fetch";
import type { paths } from "./schema";

export async function signInReadCreate(baseUrl: string, email: string, password: string) {
  const client = createClient<paths>({ baseUrl });
  const login = await client.POST("/api/user/validate", { body: { email, password } });
  if (!login.data) throw new Error(\`sign-in failed: \${login.response.status}\`);
  const headers = { "X-BINTU-TOKEN": login.data.token };
  const organisation = await client.GET("/api/organisation", { headers });
  const created = await client.POST("/api/stream", { headers, body: { tags: ["openapi"] } });
  const missing = await client.GET("/api/stream/{id}", { headers, params: { path: { id: "00000000-0000-4000-8000-000000000000" } } });
  const state: "created" | "live" | "ended" | "locked" | "deleted" | undefined = created.data?.state;
  return {
    expiresAt: login.data.expiresAt,
    organisation: organisation.data,
    stream: created.data ? { id: created.data.id, state, tags: created.data.tags } : undefined,
    missing: { status: missing.response.status, code: missing.error?.error.code },
  };
}
`;

// Each wrong on purpose, so a document that typed everything as `any` would fail this test.
const MISUSES = {
  "unknown-path": `await client.GET("/api/no-such-route", {});`,
  "wrong-body-type": `await client.POST("/api/stream", { body: { tags: "news" } });`,
  "unknown-response-field": `const me = await client.GET("/api/user/me"); export const p: string | undefined = me.data?.user.password;`,
  "string-for-boolean": `await client.PUT("/api/organisation/vod", { body: { public: "yes" } });`,
};
const misuseFile = (code: string) =>
  `import createClient from "openapi-fetch";\nimport type { paths } from "./schema";\nconst client = createClient<paths>({ baseUrl: "http://localhost" });\n${code}\n`;

/** What client.ts exports, as this test uses it (the compiled file is checked against the document above). */
interface GeneratedClient {
  signInReadCreate(
    baseUrl: string,
    email: string,
    password: string,
  ): Promise<{
    expiresAt: string;
    organisation?: { id: string; hash: string; name: string };
    stream?: { id: string; state?: string; tags: string[] };
    missing: { status: number; code?: string };
  }>;
}

function typeErrors(dir: string, file: string): string[] {
  const program = ts.createProgram([path.join(dir, file)], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    types: [],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describeEachDatabase("a client generated from the OpenAPI document", (server) => {
  it("compiles, refuses misuse, and signs in, reads the organisation and creates a stream", async () => {
    const s = server();
    const doc = (await s.request({ method: "GET", url: "/api/docs" })).json();
    fs.mkdirSync(OUT, { recursive: true });
    const dir = fs.mkdtempSync(path.join(OUT, "openapi-client-"));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, "schema.d.ts"), astToString(await openapiTS(doc)));
    fs.writeFileSync(path.join(dir, "client.ts"), CLIENT);
    for (const [name, code] of Object.entries(MISUSES))
      fs.writeFileSync(path.join(dir, `${name}.ts`), misuseFile(code));

    expect(typeErrors(dir, "client.ts")).toEqual([]);
    for (const name of Object.keys(MISUSES)) expect(typeErrors(dir, `${name}.ts`).length, name).toBeGreaterThan(0);

    const org = await buildOrg(s);
    await s.app.listen({ host: "127.0.0.1", port: 0 });
    const address = s.app.server.address();
    if (!address || typeof address === "string") throw new Error("the test server is not listening");
    const client = (await import(pathToFileURL(path.join(dir, "client.ts")).href)) as GeneratedClient;
    const out = await client.signInReadCreate(`http://127.0.0.1:${address.port}`, org.admin.email, org.admin.password);

    expect(new Date(out.expiresAt).toISOString()).toBe(out.expiresAt);
    expect(out.organisation).toMatchObject({ id: org.id, hash: org.hash, name: org.name });
    expect(out.stream).toMatchObject({ state: "created", tags: ["openapi"] });
    expect(out.stream?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(out.missing).toEqual({ status: 404, code: "not_found" });
  });
});
