import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/**
 * Checks answers against the served OpenAPI document as a validating client would: the status must be
 * documented for the operation and the body must match the documented content type and schema.
 */
type Json = Record<string, unknown>;
interface Doc {
  paths: Record<string, Record<string, { responses: Record<string, Json> }>>;
  components: Json;
}
export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** `#/components/…` as a reference into the document registered under the id `doc`. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? `doc${v}` : rebase(v)]),
  );
}

export function openapiContract(document: unknown) {
  const doc = document as Doc;
  // Ajv reads OpenAPI 3.0's `nullable`; unknown keywords (example, …) are annotations, as in the spec.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("binary", true);
  ajv.addSchema({ $id: "doc", components: rebase(doc.components) });
  const compiled = new Map<unknown, ValidateFunction>();
  const validatorFor = (schema: unknown) => {
    let v = compiled.get(schema);
    if (!v) compiled.set(schema, (v = ajv.compile(rebase(schema) as Json)));
    return v;
  };
  const resolve = (r: Json): Json => {
    const ref = r.$ref as string | undefined;
    if (!ref) return r;
    const [, , kind, name] = ref.split("/");
    return (doc.components[kind!] as Record<string, Json>)[name!]!;
  };

  /** What is wrong with this answer to `method path` (a Fastify route path), or [] when it conforms. */
  return function check(method: string, routePath: string, res: Answer): string[] {
    const where = `${method} ${routePath} → ${res.statusCode}`;
    const path = routePath.replace(/:(\w+)/g, "{$1}");
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) return [`${where}: the operation is not in the document`];
    const documented = op.responses[String(res.statusCode)] ?? op.responses.default;
    if (!documented) return [`${where}: status not documented (documented: ${Object.keys(op.responses).join(", ")})`];
    const response = resolve(documented);
    const content = response.content as Record<string, { schema?: unknown }> | undefined;
    // Node's HTTP server drops whatever a handler writes to a HEAD answer (inject still shows it).
    if (method === "HEAD") return [];
    if (res.statusCode === 204 || res.statusCode === 304)
      return res.body === "" ? [] : [`${where}: a body where none may be`];
    const type = String(res.headers["content-type"] ?? "")
      .split(";")[0]!
      .trim();
    if (!content) return res.body === "" ? [] : [`${where}: a ${type} body where the document has none`];
    const media = content[type];
    if (!media)
      return [`${where}: content type ${type || "(none)"} not documented (${Object.keys(content).join(", ")})`];
    if (type !== "application/json" || !media.schema) return [];
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return [`${where}: the body is not JSON: ${res.body.slice(0, 80)}`];
    }
    const validate = validatorFor(media.schema);
    if (validate(body)) return [];
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).slice(0, 3);
    return [`${where}: body does not match the schema: ${errors.join("; ")} (${res.body.slice(0, 160)})`];
  };
}
