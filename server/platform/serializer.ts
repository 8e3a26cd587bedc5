import fastJson from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify/types/schema.js";
import { z } from "zod";

type Serializer = FastifySerializerCompiler<unknown>;

function zodSchemaOf(schema: unknown): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  const props = (schema as { properties?: unknown } | null)?.properties;
  if (props instanceof z.ZodType) return props;
  throw new Error("response schemas must be zod schemas");
}

/**
 * Response bodies are written by fast-json-stringify, compiled once per route from the zod response
 * schema's JSON Schema: it writes only the declared properties (an allow-list, like the presenters)
 * and costs a fraction of validating every answer with zod. With `check` (the test suite) each
 * answer is also validated against the zod schema first, so a presenter drifting from the contract
 * fails a test instead of reaching a client.
 */
export function createResponseSerializer(opts: { check: boolean }): Serializer {
  return ({ schema, method, url }) => {
    const zodSchema = zodSchemaOf(schema);
    const stringify = fastJson(
      z.toJSONSchema(zodSchema, { io: "output", target: "draft-7", unrepresentable: "any" }) as Parameters<
        typeof fastJson
      >[0],
    );
    if (!opts.check) return (data) => stringify(data);
    return (data) => {
      const r = zodSchema.safeParse(data);
      if (!r.success) throw new Error(`response of ${method} ${url} does not match its schema: ${r.error.message}`);
      return stringify(data);
    };
  };
}
